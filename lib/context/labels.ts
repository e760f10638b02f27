/**
 * The field labels CRMs print next to values, in English, German, French, Spanish, Italian,
 * Portuguese and Dutch, mapped to
 * the prospect context's fields. A fallback only: readers prefer API names and structure, since
 * orgs rename and translate labels. Keys are normalised with `normaliseLabel`.
 */
export type LabelField =
  | 'name'
  | 'recordName'
  | 'contactName'
  | 'firstName'
  | 'lastName'
  | 'title'
  | 'company'
  | 'industry'
  | 'location'
  | 'city'
  | 'state'
  | 'country'
  | 'companySize'
  | 'stage'
  | 'amount'
  | 'closeDate'
  | 'products'
  | 'competitors'
  | 'text';

const DICTIONARY: Record<LabelField, readonly string[]> = {
  name: ['name', 'full name', 'vollständiger name', 'nom', 'nom complet', 'nombre', 'nombre completo', 'nome', 'nome completo', 'naam', 'volledige naam'],
  // The name of a deal or opportunity: the record's name on a deal, never a person's.
  recordName: [
    'lead name',
    'opportunity name',
    'deal name',
    'deal title',
    'potential name',
    'topic',
    'subject',
    'verkaufschancenname',
    'abschlussname',
    'dealname',
    'name der verkaufschance',
    'thema',
    "nom de l'opportunité",
    "nom de l'affaire",
    'sujet',
    'nombre de la oportunidad',
    'nombre del negocio',
    'tema',
    "nome dell'opportunità",
    'nome opportunità',
    'nome della trattativa',
    'argomento',
    'nome da oportunidade',
    'nome do negócio',
    'assunto',
    'naam verkoopkans',
    'naam deal',
    'onderwerp',
  ],
  contactName: [
    'contact name',
    'contact',
    'person name',
    'primary contact',
    'kontaktname',
    'kontakt',
    'ansprechpartner',
    'nom du contact',
    'contact principal',
    'nombre del contacto',
    'contacto',
    'nome contatto',
    'contatto',
    'referente',
    'nome do contato',
    'contato',
    'contactpersoon',
    'contactnaam',
  ],
  firstName: ['first name', 'given name', 'vorname', 'prénom', 'prenom', 'nombre de pila', 'nome proprio', 'primeiro nome', 'voornaam'],
  lastName: [
    'last name',
    'surname',
    'family name',
    'nachname',
    'familienname',
    'nom de famille',
    'apellido',
    'apellidos',
    'cognome',
    'sobrenome',
    'apelido',
    'achternaam',
  ],
  title: [
    'title',
    'job title',
    'position',
    'job position',
    'designation',
    'job role',
    'titel',
    'position / titel',
    'berufsbezeichnung',
    'stellenbezeichnung',
    'jobtitel',
    'funktion',
    'titre',
    'fonction',
    'poste',
    'intitulé du poste',
    'cargo',
    'puesto',
    'título',
    'titulo',
    'título del puesto',
    'titolo',
    'qualifica',
    'ruolo',
    'posizione',
    'mansione',
    'função',
    'funcao',
    'título do cargo',
    'functie',
    'functietitel',
    'titel functie',
  ],
  company: [
    'company',
    'company name',
    'account name',
    'account',
    'organization',
    'organisation',
    'organization name',
    'organisation name',
    'customer',
    'client',
    'employer',
    'parent customer',
    'potential customer',
    'company / account',
    'business name',
    'firma',
    'firmenname',
    'unternehmen',
    'unternehmensname',
    'accountname',
    'account-name',
    'organisationsname',
    'kunde',
    'potenzieller kunde',
    'société',
    'societe',
    'entreprise',
    'nom du compte',
    'compte',
    'organisation cliente',
    'client potentiel',
    "nom de l'entreprise",
    'empresa',
    'compañía',
    'compania',
    'nombre de la cuenta',
    'nombre de cuenta',
    'cuenta',
    'organización',
    'organizacion',
    'cliente',
    'nombre de la empresa',
    'azienda',
    'società',
    'nome azienda',
    'nome account',
    'ragione sociale',
    'organizzazione',
    'cliente potenziale',
    'nome da empresa',
    'nome da conta',
    'conta',
    'organização',
    'bedrijf',
    'bedrijfsnaam',
    'organisatie',
    'accountnaam',
    'klant',
    // A partner's deal names the buyer apart from the partner.
    'end customer',
    'end client',
    'endkunde',
    'client final',
    'cliente final',
    'cliente finale',
    'eindklant',
  ],
  industry: [
    'industry',
    'industry type',
    'sector',
    'vertical',
    'branche',
    'industrie',
    'wirtschaftszweig',
    'secteur',
    "secteur d'activité",
    "secteur d'activite",
    'industria',
    'sector industrial',
    'settore',
    'settore industriale',
    'setor',
    'ramo',
    'ramo de atividade',
    'sector',
    'bedrijfstak',
  ],
  location: [
    'location',
    'address',
    'billing address',
    'mailing address',
    'headquarters',
    'standort',
    'adresse',
    'anschrift',
    'sitz',
    'hauptsitz',
    'ubicación',
    'ubicacion',
    'dirección',
    'direccion',
    'emplacement',
    'siège social',
    'localisation',
    'sede',
    'indirizzo',
    'località',
    'sede legale',
    'indirizzo di fatturazione',
    'endereço',
    'endereco',
    'localização',
    'adres',
    'locatie',
    'vestiging',
    'hq',
    'head office',
  ],
  city: ['city', 'town', 'stadt', 'ort', 'ville', 'ciudad', 'città', 'citta', 'comune', 'cidade', 'plaats', 'stad', 'billing city', 'mailing city'],
  state: [
    'state',
    'province',
    'state/province',
    'region',
    'county',
    'bundesland',
    'kanton',
    'état',
    'région',
    'département',
    'provincia',
    'estado',
    'comunidad autónoma',
    'regione',
    'stato/provincia',
    'estado/província',
    'provincie',
    'billing state',
    'mailing state',
    'billing state/province',
    'mailing state/province',
  ],
  country: ['country', 'country/region', 'land', 'pays', 'país', 'pais', 'paese', 'nazione', 'billing country', 'mailing country'],
  companySize: [
    'company size',
    'employees',
    'number of employees',
    'no. of employees',
    'employee count',
    'size',
    'headcount',
    'mitarbeiter',
    'anzahl mitarbeiter',
    'mitarbeiterzahl',
    'anzahl der mitarbeiter',
    'unternehmensgröße',
    'beschäftigte',
    'effectif',
    'employés',
    'employes',
    "nombre d'employés",
    "taille de l'entreprise",
    'empleados',
    'número de empleados',
    'numero de empleados',
    'tamaño de la empresa',
    'dipendenti',
    'numero di dipendenti',
    'numero dipendenti',
    "dimensioni dell'azienda",
    'funcionários',
    'número de funcionários',
    'tamanho da empresa',
    'medewerkers',
    'aantal medewerkers',
    'bedrijfsgrootte',
  ],
  stage: [
    'stage',
    'sales stage',
    'deal stage',
    'opportunity stage',
    'pipeline stage',
    'pipeline phase',
    'phase',
    'sales phase',
    'lead stage',
    'status',
    'verkaufsphase',
    'vertriebsphase',
    'phase de vente',
    'étape',
    'etape',
    'étape de vente',
    'étape de la vente',
    'etapa',
    'etapa de venta',
    'fase',
    'fase de venta',
    'fase di vendita',
    'stadio',
    'fase da venda',
    'etapa do funil',
    'verkoopfase',
    'fase verkoopkans',
  ],
  amount: [
    'amount',
    'deal value',
    'expected revenue',
    'opportunity amount',
    'deal amount',
    'est. revenue',
    'estimated revenue',
    'value',
    'opportunity value',
    'betrag',
    'geschätzter umsatz',
    'wert',
    'montant',
    "chiffre d'affaires estimé",
    'revenu espéré',
    'revenu attendu',
    'valeur',
    'importe',
    'monto',
    'ingresos estimados',
    'valor',
    'importo',
    'valore',
    'ricavo previsto',
    'ricavi stimati',
    'valor do negócio',
    'receita esperada',
    'bedrag',
    'verwachte omzet',
    'waarde',
  ],
  closeDate: [
    'close date',
    'expected close date',
    'est. close date',
    'closing date',
    'date closed',
    'closed date',
    'schlusstermin',
    'abschlussdatum',
    'voraussichtlicher abschluss',
    'date de clôture',
    'date de clôture prévue',
    'clôture prévue',
    'fecha de cierre',
    'fecha de cierre prevista',
    'data di chiusura',
    'data chiusura prevista',
    'data de fechamento',
    'data prevista de fechamento',
    'sluitingsdatum',
    'verwachte sluitingsdatum',
  ],
  products: [
    'products',
    'product',
    'product interest',
    'products of interest',
    'interested in',
    'line items',
    'opportunity products',
    'deal product',
    'deal products',
    'modules of interest',
    'produkte',
    'produkt',
    'produits',
    'produit',
    'productos',
    'producto',
    'prodotti',
    'prodotto',
    'produtos',
    'produto',
    'producten',
    'product',
  ],
  competitors: [
    'competitors',
    'competitor',
    'main competitor',
    'main competitors',
    'competition',
    'competitors evaluated',
    // The vendor the prospect buys from today is the one to displace (a current "solution" may be paper logs).
    'incumbent vendor',
    'incumbent vendors',
    'current vendor',
    'current provider',
    'current supplier',
    'competing vendors',
    'other vendors evaluated',
    'aktueller anbieter',
    'bestandsanbieter',
    'fournisseur actuel',
    'proveedor actual',
    'fornitore attuale',
    'wettbewerber',
    'mitbewerber',
    'konkurrenten',
    'konkurrent',
    'hauptwettbewerber',
    'wettbewerb',
    'concurrents',
    'concurrent',
    'concurrence',
    'competidor',
    'competidores',
    'competencia',
    'competidor principal',
    'concorrenti',
    'concorrente',
    'concorrenza',
    'concorrentes',
    'concorrência',
    'concurrenten',
    'concurrent',
  ],
  text: [
    'description',
    'notes',
    'note',
    'about',
    'summary',
    'beschreibung',
    'notizen',
    'über',
    'description du compte',
    'remarques',
    'descripción',
    'descripcion',
    'notas',
    'resumen',
    'descrizione',
    'note interne',
    'descrição',
    'descricao',
    'omschrijving',
    'beschrijving',
    'notities',
    'background',
    'background info',
    'hintergrund',
    'contexte',
    'antecedentes',
    'contesto',
    // A record's own comment field (Bitrix24's "Comentario"); a comment in a feed carries its author.
    'comments',
    'comment',
    'comentario',
    'comentarios',
    'kommentar',
    'commentaire',
    'commentaires',
    'commento',
    'commenti',
    'opmerkingen',
    'observaciones',
    'observações',
  ],
};

/**
 * Labels not in the dictionary that still name a list field: "Prodotti di interesse",
 * "Produits proposés", "Wettbewerber (Haupt)", "Existing supplier", and the record's notes ("Deal notes").
 * Matched on the label's first words.
 */
const LABEL_STEMS: readonly [RegExp, LabelField][] = [
  // "Add-on interest", "Modules of interest", "Solution interest": what the prospect wants to buy.
  // One word may come first: "Interessierte Produkte", "Key competitors".
  [/^(\S+ )?(products?|produ[ck]t[eo]?s?|produits?|prodott[io]|produtos?|line items?|(solutions?|modules?|add-?ons?)( of)? interest|add-?ons?$)\b/, 'products'],
  [
    /^(\S+ )?(competitors?|competi[dt]ores?|concorrent[ie]s?|concurrent(s|en)?|wettbewerb(er)?|mitbewerber|konkurrent(en)?|competencia|concorrenza)\b/,
    'competitors',
  ],
  // The vendor in place is the one to displace: "Incumbent", "Existing supplier", "Bisheriger Anbieter",
  // "Proveedor existente" (not a current "solution": that may be paper logs).
  [
    /^(incumbents?|(incumbent|existing|current|present)( \S+)? (vendors?|suppliers?|providers?)|(aktuelle|bisherige|derzeitige|bestehende)[rn]? (anbieter|lieferanten?|dienstleister)|(fournisseur|prestataire)s? (actuel|existant|en place|sortant)s?|proveedor(es)? (actual|existente)s?|fornitor[ei] (attual|esistent|uscent)[ei]|fornecedor(es)? (atual|atuais|existentes?)|(huidige|bestaande) (leverancier|aanbieder)s?)$/,
    'competitors',
  ],
  // A record's notes by whose or what kind: "Deal notes", "Internal notes", "Interne Notizen",
  // "Notas internas", "Notes sur l'affaire", "Gesprächsnotizen".
  [
    /^((\S+ ){1,2}(notes?|notizen|notas|notities|opmerkingen|remarques)|\S+notizen|(notes?|notizen|notas|notities) (internes?|internas?|privees?|privadas?|del? .+|de la .+|sur .+|sulla .+|sul .+|zum .+|zur .+|van de .+|on .+|about .+))$/,
    'text',
  ],
];

/** Words naming the company a record belongs to, before a field of it ("End customer HQ"). */
const COMPANY_OWNER =
  /^(end customer|end client|account|company|customer|client|organi[sz]ation|endkunde|kunde|firma|unternehmen|client final|entreprise|societe|cliente final|cliente finale|cliente|empresa|cuenta|azienda|eindklant|klant|bedrijf)('s)? (.+)$/;
/** What a company's own field can be. */
const COMPANY_FACTS: ReadonlySet<LabelField> = new Set(['company', 'industry', 'location', 'city', 'state', 'country', 'companySize']);

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
  const key = /[^a-z0-9 '/-]|\s\s/.test(plain) ? normaliseLabel(label) : plain;
  const found = INDEX.get(key);
  if (found) return found;
  for (const [stem, field] of LABEL_STEMS) if (stem.test(key)) return field;
  // "Primary location", "Main address", "Estimated amount", "Importo stimato": the field itself.
  const qualified =
    /^(?:primary|main|estimated|expected|total|geschatzter?|voraussichtlicher?|estime|estimado|estimada|stimato|previsto|prevista) (.+)$/.exec(key) ??
    /^(.+) (?:estimated|expected|stimato|stimata|previsto|prevista|estimado|estimada|estime|estimee|previsionnel)$/.exec(key);
  if (qualified) return INDEX.get(qualified[1]!) ?? null;
  // "Account HQ", "End customer industry", "Company location": a fact of the company is the company's field.
  const owned = COMPANY_OWNER.exec(key);
  if (owned) {
    const own = INDEX.get(owned[3]!);
    if (own === 'name') return 'company';
    if (own && COMPANY_FACTS.has(own)) return own;
  }
  // "Importe y moneda", "Amount and currency": the first field names the value.
  const pair = /^(.+?) (?:and|y|und|et|e|en|&) .+$/.exec(key);
  if (pair) return INDEX.get(pair[1]!) ?? null;
  return null;
}

/**
 * A related list of companies, named in the plural ("Accounts", "Companies (1)", "Cuentas"): it
 * names the record's company when it links exactly one.
 */
export function isCompanyListLabel(label: string): boolean {
  return /^(accounts|companies|organi[sz]ations|konten|firmen|comptes|entreprises|societes|cuentas|empresas|aziende|societa|contas|bedrijven|organisaties)$/.test(
    normaliseLabel(label),
  );
}

/** A field's API or internal name ("sales_stage", "AccountName", "jobtitle") as a label. */
export function fieldForApiName(apiName: string | null | undefined): LabelField | null {
  if (!apiName) return null;
  const words = apiName
    .replace(/^(x_studio_|x_|cf_|custom_|hs_)/i, '')
    .replace(/^[a-z]+\[(.+)\]$/i, '$1')
    .replace(/__c$/i, '')
    .replace(/_ids?$/i, '')
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
  dealname: 'recordName',
  topic: 'recordName',
  partner: 'company',
  expectedrevenue: 'amount',
  stateorprovince: 'state',
  address1stateorprovince: 'state',
  fullname: 'name',
  firstname: 'firstName',
  lastname: 'lastName',
  closedate: 'closeDate',
  dateclosed: 'closeDate',
  estimatedclosedate: 'closeDate',
  estimatedvalue: 'amount',
};
