// A stand-in for LinkedIn's single-page navigation, for the demo and the end-to-end tests:
// clicking a profile link in the page changes the URL with history.pushState and, a moment
// later (as LinkedIn does after its data request), swaps the top card, About and the rail.
(() => {
  const profiles = JSON.parse(document.getElementById('spa-profiles')?.textContent || '{}');
  const render = (slug) => {
    const p = profiles[slug];
    if (!p) return;
    document.title = `(2) ${p.name} | LinkedIn`;
    const card = document.querySelector('section[data-member-id]');
    card.setAttribute('data-member-id', p.memberId);
    card.querySelector('h1').textContent = p.name;
    card.querySelector('.text-body-medium.break-words').textContent = p.headline;
    card.querySelector('span.text-body-small.inline.t-black--light.break-words').textContent = p.location;
    const about = document.querySelector('#about ~ .display-flex .inline-show-more-text span[aria-hidden="true"]');
    if (about) about.textContent = p.about;
    const company = document.querySelector('[data-field="experience_company_logo"] span[aria-hidden="true"]');
    if (company) company.textContent = p.company;
  };
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-spa]');
    if (!link) return;
    event.preventDefault();
    const slug = link.getAttribute('data-spa');
    history.pushState({}, '', `/in/${slug}/`);
    // The old profile stays on screen for a moment, as on the real site.
    setTimeout(() => render(slug), 250);
  });
})();
