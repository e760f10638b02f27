/**
 * The field labels CRMs print next to values, in English, German, French and Spanish, mapped to
 * the prospect context's fields. A fallback only: readers prefer API names and structure, since
 * orgs rename and translate labels. Keys are normalised with `normaliseLabel`.
 */
export type LabelField =
  | 'name'
  | 'contactName'
  | 'firstName'
  | 'lastName'
  | 'title'
  | 'company'
  | 'industry'
  | 'location'
  | 'city'
  | 'country'
  | 'companySize'
  | 'stage'
  | 'amount'
  | 'closeDate'
  | 'products'
  | 'competitors'
  | 'text';

const DICTIONARY: Record<LabelField, readonly string[]> = {
  name: [
    'name', 'full name', 'lead name', 'opportunity name', 'deal name', 'deal title', 'potential name',
    'vollständiger name', 'verkaufschancenname', 'abschlussname', 'dealname',
    'nom', 'nom complet', 'nom de l\'opportunité', 'nombre', 'nombre completo', 'nombre de la oportunidad',
  ],
  contactName: ['contact name', 'contact', 'person name', 'kontaktname', 'kontakt', 'nom du contact', 'nombre del contacto', 'contacto'],
  firstName: ['first name', 'given name', 'vorname', 'prénom', 'prenom', 'nombre de pila'],
  lastName: ['last name', 'surname', 'family name', 'nachname', 'nom de famille', 'apellido', 'apellidos'],
  title: [
    'title', 'job title', 'position', 'job position', 'designation',
    'titel', 'position / titel', 'berufsbezeichnung', 'stellenbezeichnung', 'jobtitel',
    'titre', 'fonction', 'poste', 'intitulé du poste', 'cargo', 'puesto', 'título', 'titulo', 'título del puesto',
  ],
  company: [
    'company', 'company name', 'account name', 'account', 'organization', 'organisation', 'organization name', 'organisation name',
    'customer', 'client', 'employer', 'parent customer', 'potential customer', 'company / account',
    'firma', 'firmenname', 'unternehmen', 'unternehmensname', 'accountname', 'account-name', 'organisationsname', 'kunde',
    'société', 'societe', 'entreprise', 'nom du compte', 'compte', 'organisation cliente',
    'empresa', 'compañía', 'compania', 'nombre de la cuenta', 'nombre de cuenta', 'cuenta', 'organización', 'organizacion', 'cliente',
  ],
  industry: ['industry', 'sector', 'vertical', 'branche', 'industrie', 'secteur', "secteur d'activité", 'industria', 'sector industrial'],
  location: ['location', 'address', 'billing address', 'mailing address', 'headquarters', 'standort', 'adresse', 'sitz', 'hauptsitz', 'ubicación', 'ubicacion', 'dirección', 'direccion', 'emplacement', 'siège social', 'sede'],
  city: ['city', 'stadt', 'ort', 'ville', 'ciudad', 'billing city', 'mailing city'],
  country: ['country', 'country/region', 'land', 'pays', 'país', 'pais', 'billing country', 'mailing country'],
  companySize: [
    'company size', 'employees', 'number of employees', 'no. of employees', 'employee count', 'size', 'headcount',
    'mitarbeiter', 'anzahl mitarbeiter', 'mitarbeiterzahl', 'anzahl der mitarbeiter', 'unternehmensgröße',
    'effectif', 'employés', 'employes', "nombre d'employés", "taille de l'entreprise",
    'empleados', 'número de empleados', 'numero de empleados', 'tamaño de la empresa',
  ],
  stage: [
    'stage', 'sales stage', 'deal stage', 'opportunity stage', 'pipeline stage', 'phase', 'sales phase',
    'phase', 'verkaufsphase', 'vertriebsphase', 'phase de vente', 'étape', 'etape', 'étape de vente', 'étape de la vente',
    'etapa', 'etapa de venta', 'fase', 'fase de venta',
  ],
  amount: [
    'amount', 'deal value', 'expected revenue', 'opportunity amount', 'deal amount', 'est. revenue', 'estimated revenue',
    'betrag', 'geschätzter umsatz', 'montant', 'chiffre d\'affaires estimé', 'importe', 'monto', 'ingresos estimados',
  ],
  closeDate: [
    'close date', 'expected close date', 'est. close date', 'closing date', 'date closed', 'closed date', 'schlusstermin', 'abschlussdatum', 'voraussichtlicher abschluss',
    'date de clôture', 'date de clôture prévue', 'fecha de cierre', 'fecha de cierre prevista',
  ],
  products: ['products', 'product', 'product interest', 'products of interest', 'interested in', 'line items', 'opportunity products', 'produkte', 'produkt', 'produits', 'produit', 'productos', 'producto'],
  competitors: ['competitors', 'competitor', 'main competitor', 'main competitors', 'main competitor(s)', 'competition', 'wettbewerber', 'mitbewerber', 'konkurrenten', 'concurrents', 'concurrent', 'concurrence', 'competidor', 'competidores', 'competencia', 'competidor principal', 'hauptwettbewerber'],
  text: ['description', 'notes', 'note', 'about', 'summary', 'beschreibung', 'notizen', 'über', 'description du compte', 'remarques', 'descripción', 'descripcion', 'notas', 'resumen'],
};

/** Lower case, no accents, no trailing colon or required-marker, single spaces. */
export function normaliseLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[*:：?]+/g, ' ')
    .replace(/\(.*?\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const INDEX = new Map<string, LabelField>();
for (const [field, labels] of Object.entries(DICTIONARY) as [LabelField, readonly string[]][]) {
  for (const label of labels) {
    const key = normaliseLabel(label);
    // First field to claim a label keeps it ("phase" is a stage before anything else).
    if (!INDEX.has(key)) INDEX.set(key, field);
  }
}

/** The context field a visible label stands for, or null. */
export function fieldForLabel(label: string | null | undefined): LabelField | null {
  if (!label || label.length > 60) return null;
  // Fast path for the thousands of plain text nodes a page holds: only text with accents,
  // punctuation or odd spacing needs the full normalisation.
  const plain = label.trim().toLowerCase();
  const hit = INDEX.get(plain);
  if (hit) return hit;
  if (!/[^a-z0-9 '/-]|\s\s/.test(plain)) return null;
  return INDEX.get(normaliseLabel(label)) ?? null;
}

/** A field's API or internal name ("sales_stage", "AccountName", "jobtitle") as a label. */
export function fieldForApiName(apiName: string | null | undefined): LabelField | null {
  if (!apiName) return null;
  const words = apiName
    .replace(/__c$/i, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ');
  return fieldForLabel(words) ?? API_ONLY[normaliseLabel(words).replace(/ /g, '')] ?? null;
}

/** Internal names that are not also visible labels. */
const API_ONLY: Record<string, LabelField> = {
  jobtitle: 'title',
  companyname: 'company',
  accountname: 'company',
  accountid: 'company',
  industrycode: 'industry',
  numberofemployees: 'companySize',
  employees: 'companySize',
  salesstage: 'stage',
  stagename: 'stage',
  dealstage: 'stage',
  dealname: 'name',
  fullname: 'name',
  firstname: 'firstName',
  lastname: 'lastName',
  closedate: 'closeDate',
  dateclosed: 'closeDate',
  estimatedclosedate: 'closeDate',
  estimatedvalue: 'amount',
};
