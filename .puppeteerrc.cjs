// Use the system Chromium when there is one (CI and this machine: Debian's /usr/bin/chromium,
// where Puppeteer's own browser download cannot succeed); on a laptop without it, Puppeteer
// downloads Chrome for Testing as usual.
const { existsSync } = require('node:fs');

const systemChromium = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));

module.exports = systemChromium ? { skipDownload: true, executablePath: systemChromium } : {};
