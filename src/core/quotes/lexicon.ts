// Closed-class word lists the quote rules lean on. They describe English news
// prose in general (verbs of saying, titles, honorifics, institution nouns),
// never particular people: names are found from capitalisation and context.

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}

/** Verbs (and verb forms) that introduce what someone said. */
export const SPEECH_VERBS = set(`
  say says said saying tell tells told telling add adds added adding write writes wrote writing
  tweet tweets tweeted tweeting post posts posted state states stated declare declares declared
  insist insists insisted insisting claim claims claimed claiming warn warns warned warning
  respond responds responded reply replies replied ask asks asked answer answers answered
  explain explains explained explaining note notes noted noting argue argues argued arguing
  continue continues continued remark remarks remarked comment comments commented
  acknowledge acknowledges acknowledged admit admits admitted concede concedes conceded
  suggest suggests suggested announce announces announced blast blasts blasted
  call calls called describe describes described urge urges urged recall recalls recalled
  caution cautions cautioned predict predicts predicted promise promises promised
  vow vows vowed boast boasts boasted complain complains complained lament laments lamented
  quip quips quipped joke jokes joked counter counters countered retort retorts retorted
  maintain maintains maintained observe observes observed emphasise emphasises emphasised
  emphasize emphasizes emphasized stress stresses stressed reiterate reiterates reiterated
  muse muses mused deny denies denied confirm confirms confirmed assert asserts asserted
  contend contends contended charge charges charged allege alleges alleged testify testifies testified
  demand demands demanded wonder wonders wondered shout shouts shouted exclaim exclaimed
  insisted posited opined scoffed sneered snapped fumed rejoined blurt blurts blurted
  fume fumes fuming scoff scoffs quip quipping
`);

/** Words that characterise what someone said, and so attribute a fragment to that someone ("dismissed it as a '…'"). */
export const CHARACTERISING_VERBS = set(`
  dismiss dismisses dismissed dismissing brand brands branded branding label labels labelled labeled labelling
  term terms termed deride derides derided decry decries decried denounce denounces denounced slam slams slammed
  slamming praise praises praised hail hails hailed condemn condemns condemned mock mocks mocked
  characterise characterises characterised characterize characterizes characterized
`);

/** Nouns of saying after a possessive: "Clinton's allegations of a '…'", "in Warren's words". */
export const SAYING_NOUNS = set(`
  allegation allegations words phrase claim claims description warning warnings remark remarks comment comments
  accusation accusations charge promise pledge vow assertion statement insistence characterization characterisation
  complaint complaints argument arguments plea call slogan
`);

/** Documents whose words are quoted as the document's: "the report said" is whoever issued the report. */
export const DOCUMENT_WORDS = set('report statement letter memo study filing complaint lawsuit analysis review document brief');

/** Descriptions that stand for the person just named ("the Republican lawmaker told Fox News"), never for a proxy. */
export const SELF_DESCRIPTIONS = set(`
  lawmaker legislator senator congressman congresswoman representative governor mayor candidate nominee
  president premier chancellor leader chairman chairwoman politician minister
`);

/** Speech verbs that usually report content rather than introduce a quotation. */
export const REPORT_VERBS = set(`
  said says say told tells stated states claimed claims warned warns insisted insists argued argues
  denied denies acknowledged acknowledges admitted admits suggested suggests announced announces
  noted notes explained explains confirmed confirms added adds wrote writes tweeted tweets
  maintained maintains predicted predicts promised promises vowed vows alleged alleges
`);

/** Honorifics: part of how a name is written, never a role. */
export const HONORIFICS = set('mr mrs ms miss mx dr sir dame lady lord madam');
export const FEMALE_HONORIFICS = set('mrs ms miss madam dame lady');

/**
 * Nouns that make a phrase a role or title ("Kremlin aide", "Director of
 * National Intelligence", "Sen.").
 */
export const TITLE_WORDS = set(`
  president vice director secretary senator sen sens rep reps representative congressman congresswoman
  gov governor speaker chairman chairwoman chair chairperson minister premier chancellor ambassador
  judge justice general gen admiral adm lt col colonel capt captain sgt sergeant major
  king queen prince princess pope ceo cfo coo chief counsel attorney mayor commissioner
  spokesman spokeswoman spokesperson aide adviser advisor leader deputy assistant officer official
  professor prof dean rabbi reverend rev bishop cardinal sheikh emir candidate nominee
  analyst economist strategist lawyer prosecutor investigator commander envoy diplomat negotiator
  founder owner executive manager editor correspondent reporter columnist host anchor
  lawmaker legislator councillor councilman councilwoman delegate whip chancellor treasurer
  president-elect sheriff coach captain member head
`);

/** Institution nouns: a capitalised phrase ending with one is an organisation. */
export const ORG_WORDS = set(`
  department committee house office ministry agency council party senate congress court university
  post times news journal press report administration government kremlin pentagon commission
  foundation institute centre center group service services bank inc corp corporation company
  campaign association union league network board bureau fund police army navy force forces
  parliament assembly cabinet summit states nations airlines media today tribune herald guardian
  telegraph gazette observer review daily weekly magazine channel radio television tv club
  caucus coalition alliance organisation organization intelligence community federation
  reserve treasury authority authorities ltd llc plc co school college hospital church
  embassy consulate mission trust fbi cia nsa street square avenue road palace
  chamber commerce society programme program project initiative forum academy museum library tribunal
  secretariat directorate conference movement front holdings partners capital ventures labs systems
  technologies airways motors energy pharmaceuticals institution agencies
  centers centres institutes departments
`);

/** First words of two-word place names, which otherwise look like person names. */
export const PLACE_PREFIXES = set(`
  north south east west new united saudi san santa los las hong sri el costa puerto great upper lower
  central northern southern eastern western middle mount lake fort port cape st saint
`);

/** Capitalised words that are never (part of) a person's name. */
export const NON_NAME = set(`
  the a an in on at after before but and or however meanwhile while when whether asked as it its this that these those
  there here he she they we i you his her their our my your if for from with by to of yes no not shortly amid neither nor
  both also then so though although because since until unless despite during under over into onto about against
  between among through without within what which who whom whose why how where all any some many most more much
  each every other another such only just even still yet already later earlier now today tonight tomorrow yesterday
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep sept oct nov dec
  democrats republicans democrat republican democratic critics officials experts analysts lawmakers reporters
  read photo source getty images ap aap reuters afp advertisement watch video click share email twitter facebook
  reddit pinterest instagram youtube linkedin whatsapp updated published breaking exclusive opinion analysis
  god thanks thank please sorry okay ok oh well let lets like
  nobody everybody everyone someone somebody anyone anybody none
  russian american us u.s uk u.k british chinese french german italian spanish japanese korean indian israeli
  iranian iraqi syrian ukrainian canadian mexican australian european african asian arab palestinian turkish
  western eastern northern southern soviet english
`);

/** Words that may join a role phrase ("Director of National Intelligence", "caucus chairman"). */
export const ROLE_CONNECTORS = set('of for on to the');
export const ROLE_MODIFIERS = set(`
  former acting senior top chief then current ex interim deputy assistant associate executive special
  national general principal lead longtime veteran outgoing incoming retired
`);

/** Lower-case particles inside names ("Chris Van Hollen", "Bashar al-Assad"). */
export const NAME_PARTICLES = set('van von de der den da di du del della la le bin ibn al el ter ten');

export const ABBREVIATIONS = set(`
  mr mrs ms dr sen sens rep reps gov lt col capt sgt gen adm st jr sr no vs prof rev mt ft inc corp co ltd
  jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u d.c
`);

/** Words that may stand between a speaker and the verb ("Trump on Tuesday said", "Mr Putin has also said"). */
export const SUBJECT_VERB_FILLERS = set(`
  has have had is was were will would also later then on in at last this next previously repeatedly again earlier
  recently once yesterday today tonight shortly just already still never always often frequently reportedly apparently
  initially subsequently finally afterward afterwards separately privately publicly openly angrily quickly flatly
  bluntly simply may might could should can did does do not himself herself itself themselves herself late early
  morning afternoon evening night week month year ago first
`);

/** Media a statement went out on, by the words that name them. */
export const VIA_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [/\b(?:twitter|tweet(?:s|ed|ing)?)\b/i, 'Twitter'],
  [/\bfacebook\b/i, 'Facebook'],
  [/\binstagram\b/i, 'Instagram'],
  [/\btruth social\b/i, 'Truth Social'],
  [/\bin a (?:written )?statement\b/i, 'statement'],
];

/** Words before a quotation that make it a term or a title, not somebody's words. */
export const SCARE_CUES = /(?:\bso-called|\bso called|\bdubbed|\bnicknamed|\bknown as|\ba\.k\.a\.?|\bthe (?:word|term|phrase|slogan|hashtag))\s*$/i;
export const TITLE_CUES = /\b(?:book|novel|film|movie|song|album|show|series|play|poem|essay|article|column|op-ed|documentary|episode|podcast|programme|program|report|memoir|titled|entitled)\s*,?\s*$/i;
