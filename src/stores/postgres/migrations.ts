// Versioned schema migrations, applied at start by every process that opens the
// database. Each runs once, in its own transaction, recorded in schema_migrations.
// Several processes starting together are serialised by a session advisory lock, so
// exactly one applies a migration and the others see it applied.
import type pg from 'pg';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Never edit an applied migration: add the next version instead. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'corpus and shared state',
    sql: `
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One row: the corpus version, bumped by every applied change. A reader that has seen
-- version N and reads N again knows its cached answers are current.
CREATE TABLE corpus_state (
  id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  version    bigint NOT NULL,
  updated_at timestamptz NOT NULL
);
INSERT INTO corpus_state (id, version, updated_at) VALUES (1, 0, now());

-- One article per corpus file. doc holds what rebuilding the core's Article needs
-- (raw body, clean text, clean→raw runs, paragraphs and sentences); the columns are
-- what SQL filters and lists on.
CREATE TABLE articles (
  id           text PRIMARY KEY,
  title        text,
  outlet       text,
  published    date,
  url          text,
  source       text,
  extra        jsonb NOT NULL DEFAULT '{}',
  content_hash text NOT NULL,
  doc          jsonb NOT NULL,
  version      bigint NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX articles_published ON articles (published, id);
CREATE INDEX articles_version ON articles (version);

CREATE TABLE paragraphs (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  idx        integer NOT NULL,
  start_at   integer NOT NULL,
  end_at     integer NOT NULL,
  text       text NOT NULL,
  tsv        tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED,
  PRIMARY KEY (article_id, idx)
);
CREATE INDEX paragraphs_tsv ON paragraphs USING gin (tsv);

CREATE TABLE speakers (
  id      text PRIMARY KEY,
  name    text NOT NULL,
  kind    text NOT NULL CHECK (kind IN ('person', 'organisation')),
  aliases text[] NOT NULL DEFAULT '{}',
  roles   text[] NOT NULL DEFAULT '{}',
  -- name and aliases in one string, so one trigram index serves typo-tolerant look-ups of either.
  names   text NOT NULL
);
CREATE INDEX speakers_names_trgm ON speakers USING gin (names gin_trgm_ops);

-- Which articles mention a speaker at all (Speaker.articleIds); removing the last one removes the speaker.
CREATE TABLE article_speakers (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  speaker_id text NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
  PRIMARY KEY (article_id, speaker_id)
);
CREATE INDEX article_speakers_speaker ON article_speakers (speaker_id);

CREATE TABLE quotes (
  id              text PRIMARY KEY,
  article_id      text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  start_at        integer NOT NULL,
  end_at          integer NOT NULL,
  text            text NOT NULL,
  speaker_id      text REFERENCES speakers (id) ON DELETE SET NULL,
  role            text,
  partial         boolean NOT NULL,
  via             text,
  paragraph_index integer NOT NULL,
  context_start   integer NOT NULL,
  context_end     integer NOT NULL,
  -- The core's normalised wording (quotes/group.ts groupKey): equal keys are the same quote reported again.
  group_key       text NOT NULL,
  tsv             tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_speaker ON quotes (speaker_id);
CREATE INDEX quotes_group_key ON quotes (group_key);
CREATE INDEX quotes_tsv ON quotes USING gin (tsv);
CREATE INDEX quotes_text_trgm ON quotes USING gin (text gin_trgm_ops);

-- A quote group is every report of the same words; its variants are other wordings by the same speaker.
CREATE VIEW quote_groups AS
  SELECT q.group_key,
         count(*)                      AS reports,
         count(DISTINCT q.article_id)  AS articles,
         mode() WITHIN GROUP (ORDER BY q.speaker_id) AS speaker_id,
         bool_and(q.partial)           AS partial,
         min(a.published)              AS first_published
    FROM quotes q JOIN articles a ON a.id = q.article_id
   GROUP BY q.group_key;

CREATE TABLE quote_variants (
  group_key   text NOT NULL,
  variant_key text NOT NULL,
  PRIMARY KEY (group_key, variant_key)
);

CREATE TABLE reported (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  idx        integer NOT NULL,
  speaker_id text NOT NULL REFERENCES speakers (id) ON DELETE CASCADE,
  start_at   integer NOT NULL,
  end_at     integer NOT NULL,
  text       text NOT NULL,
  PRIMARY KEY (article_id, idx)
);
CREATE INDEX reported_speaker ON reported (speaker_id);

CREATE TABLE dated_events (
  id          text PRIMARY KEY,
  article_id  text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  value       text NOT NULL,
  granularity text NOT NULL,
  mod         text,
  sort_key    text NOT NULL,
  start_at    integer NOT NULL,
  end_at      integer NOT NULL,
  text        text NOT NULL,
  tsv         tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE INDEX dated_events_value ON dated_events (value);
CREATE INDEX dated_events_sort ON dated_events (sort_key, id);
CREATE INDEX dated_events_article ON dated_events (article_id);
CREATE INDEX dated_events_tsv ON dated_events USING gin (tsv);

-- Corpus files that could not be served, and why (shown by /sources).
CREATE TABLE problems (
  file    text PRIMARY KEY,
  reason  text NOT NULL,
  seen_at timestamptz NOT NULL DEFAULT now()
);

-- SharedState: small state every bot process shares (retry claims, watched channels, feed positions, installations).
CREATE TABLE shared_state (
  ns         text NOT NULL,
  key        text NOT NULL,
  value      jsonb NOT NULL,
  expires_at timestamptz,
  PRIMARY KEY (ns, key)
);
CREATE INDEX shared_state_expires ON shared_state (expires_at) WHERE expires_at IS NOT NULL;
`,
  },
  {
    version: 2,
    name: 'paragraph search terms',
    sql: `
-- The paragraph search reads these instead of a per-process index: the core's stems
-- (not PostgreSQL's, so ranking matches the memory store), with the counts BM25 needs.
-- Field lengths are distinct stems, as the core's index counts them.
ALTER TABLE paragraphs ADD COLUMN n_terms integer NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_title integer NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN n_outlet integer NOT NULL DEFAULT 0;

-- One row per stem and paragraph; idx -1 is the article's title, -2 its outlet.
CREATE TABLE search_postings (
  stem       text NOT NULL,
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  idx        integer NOT NULL,
  tf         integer NOT NULL,
  PRIMARY KEY (stem, article_id, idx)
);
CREATE INDEX search_postings_article ON search_postings (article_id);

-- Words as each article writes them (normalised), for typo and prefix expansion and "did you mean".
CREATE TABLE search_words (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  word       text NOT NULL,
  stem       text NOT NULL,
  freq       integer NOT NULL,
  pos        integer NOT NULL,
  display    text NOT NULL,
  lower      boolean NOT NULL,
  PRIMARY KEY (article_id, word)
);
`,
  },
  {
    version: 3,
    name: 'articles whose quotes were not extracted',
    sql: `
-- Why an article's quotes were left out (over the extraction budget): /sources and status list it as a problem.
ALTER TABLE articles ADD COLUMN quotes_skipped text;
`,
  },
  {
    version: 4,
    name: 'search vocabulary and statistics kept per write',
    sql: `
-- The corpus's words, kept up to date by each write (so a reader never aggregates
-- search_words): count, stem, the form shown, and where the corpus first writes it
-- (readers list words in that order, as the memory index does). version is the corpus
-- version that last changed the row: a reader fetches only rows newer than its copy.
CREATE TABLE search_vocab (
  word          text PRIMARY KEY,
  stem          text NOT NULL,
  freq          bigint NOT NULL,
  display       text NOT NULL,
  lower         boolean NOT NULL,
  display_article text NOT NULL,
  display_pos   integer NOT NULL,
  first_article text NOT NULL,
  first_pos     integer NOT NULL,
  version       bigint NOT NULL DEFAULT 0
);
CREATE INDEX search_vocab_version ON search_vocab (version);

-- BM25's corpus statistics: paragraphs, and the summed field lengths (distinct stems) over them.
ALTER TABLE corpus_state ADD COLUMN search_docs bigint NOT NULL DEFAULT 0;
ALTER TABLE corpus_state ADD COLUMN search_text bigint NOT NULL DEFAULT 0;
ALTER TABLE corpus_state ADD COLUMN search_title bigint NOT NULL DEFAULT 0;
ALTER TABLE corpus_state ADD COLUMN search_outlet bigint NOT NULL DEFAULT 0;

-- A database written before this version: fill both from the rows already there.
INSERT INTO search_vocab (word, stem, freq, display, lower, display_article, display_pos, first_article, first_pos, version)
SELECT w.word, min(w.stem), sum(w.freq),
       (array_agg(w.display ORDER BY w.lower DESC, CASE WHEN w.lower THEN w.article_id END COLLATE "C" DESC, w.article_id COLLATE "C", w.pos))[1],
       bool_or(w.lower),
       (array_agg(w.article_id ORDER BY w.lower DESC, CASE WHEN w.lower THEN w.article_id END COLLATE "C" DESC, w.article_id COLLATE "C", w.pos))[1],
       (array_agg(w.pos ORDER BY w.lower DESC, CASE WHEN w.lower THEN w.article_id END COLLATE "C" DESC, w.article_id COLLATE "C", w.pos))[1],
       (array_agg(w.article_id ORDER BY w.article_id COLLATE "C", w.pos))[1],
       (array_agg(w.pos ORDER BY w.article_id COLLATE "C", w.pos))[1],
       (SELECT version FROM corpus_state WHERE id = 1)
  FROM search_words w GROUP BY w.word;
UPDATE corpus_state SET
  search_docs = (SELECT count(*) FROM paragraphs),
  search_text = (SELECT coalesce(sum(n_terms), 0) FROM paragraphs),
  search_title = (SELECT coalesce(sum(a.n_title), 0) FROM paragraphs p JOIN articles a ON a.id = p.article_id),
  search_outlet = (SELECT coalesce(sum(a.n_outlet), 0) FROM paragraphs p JOIN articles a ON a.id = p.article_id)
 WHERE id = 1;
`,
  },
  {
    version: 5,
    name: 'speakers as each article names them, and their look-up keys',
    sql: `
-- Each article's own speaker records (as its extraction gives them, in its note order):
-- a reader folds them in corpus order into the corpus-wide speaker (first name, kinds,
-- aliases and roles in order, articles) and applies the surname merges in the query,
-- so a write never rewrites other articles' rows.
CREATE TABLE speaker_notes (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  speaker_id text NOT NULL,
  ord        integer NOT NULL,
  name       text NOT NULL,
  kind       text NOT NULL,
  aliases    text[] NOT NULL,
  roles      text[] NOT NULL,
  -- Last word of a name of two words or more, lower case (the surname a lone surname merges by).
  surname    text,
  -- Quotes the article attributes to this note's speaker (before merges): "quoted" and the quote counts.
  quotes     integer NOT NULL,
  PRIMARY KEY (article_id, speaker_id)
);
CREATE INDEX speaker_notes_speaker ON speaker_notes (speaker_id);
CREATE INDEX speaker_notes_surname ON speaker_notes (surname) WHERE surname IS NOT NULL;

-- The core's normalised forms of each speaker (speakers.ts speakerKeys), and its roles (role = true):
-- exact and prefix look-ups use the B-tree, typo-tolerant ones the trigram index. One row per
-- speaker and key, only ever added (a key no article gives any more only costs a look-up; the
-- notes decide), so writers never wait on each other's keys of a much-quoted speaker.
CREATE TABLE speaker_keys (
  speaker_id text NOT NULL,
  role       boolean NOT NULL,
  key        text NOT NULL,
  PRIMARY KEY (speaker_id, role, key)
);
CREATE INDEX speaker_keys_key ON speaker_keys (key text_pattern_ops, role);
CREATE INDEX speaker_keys_trgm ON speaker_keys USING gin (key gin_trgm_ops);

-- Who each quote and reported statement is attributed to before the corpus-wide surname merges
-- (quotes.speaker_id and reported.speaker_id hold the writer's batch's merges): readers apply the corpus's.
CREATE TABLE quote_speakers (
  quote_id   text PRIMARY KEY REFERENCES quotes (id) ON DELETE CASCADE,
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  speaker_id text NOT NULL
);
CREATE INDEX quote_speakers_speaker ON quote_speakers (speaker_id);
CREATE TABLE reported_speakers (
  article_id text NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  idx        integer NOT NULL,
  speaker_id text NOT NULL,
  PRIMARY KEY (article_id, idx)
);
CREATE INDEX reported_speakers_speaker ON reported_speakers (speaker_id);

CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

-- Articles written before this version have no notes: a changed hash makes the next ingest rewrite them.
UPDATE articles SET content_hash = 'before-v5:' || content_hash;
`,
  },
  {
    version: 6,
    name: 'search rows without foreign keys',
    sql: `
-- An article's postings and words are some 600 rows: checking each one's foreign key was
-- 40% of an ingest's INSERT. The writer deletes them itself with the article (writer.ts
-- dropArticleRows, search-vocab.ts takeSearchRows, which read them before deleting), in the same transaction.
ALTER TABLE search_postings DROP CONSTRAINT IF EXISTS search_postings_article_id_fkey;
ALTER TABLE search_words DROP CONSTRAINT IF EXISTS search_words_article_id_fkey;
`,
  },
  {
    version: 7,
    name: 'speaker summaries kept per write',
    sql: `
-- Each speaker's notes folded in corpus order (by article id in code point order, then note
-- order), as the core's SpeakerTable folds them: the first note's name, kind and surname,
-- how many notes say person, its articles and quotes counted, its aliases and roles in
-- first-seen order, each with where it is first seen (article, place in that note's list) so
-- a write can add an article's notes without folding the others. One definition for the
-- back-fill below and for the writes that must fold again (an article replaced or removed).
CREATE FUNCTION speaker_fold(ids text[])
RETURNS TABLE (speaker_id text, name text, first_kind text, persons integer, first_article text, first_ord integer,
               articles integer, quotes integer, aliases text[], alias_articles text[], alias_idx integer[],
               roles text[], role_articles text[], role_idx integer[], surname text)
LANGUAGE sql STABLE AS $fold$
  SELECT g.speaker_id, f.name, f.kind, g.persons, f.article_id, f.ord, g.articles, g.quotes,
         al.v, al.art, al.idx, ro.v, ro.art, ro.idx, f.surname
    FROM (SELECT n.speaker_id, count(*) FILTER (WHERE n.kind = 'person')::int AS persons,
                 count(*)::int AS articles, sum(n.quotes)::int AS quotes
            FROM speaker_notes n WHERE n.speaker_id = ANY(ids) GROUP BY n.speaker_id) g
    CROSS JOIN LATERAL (
      SELECT m.name, m.kind, m.article_id, m.ord, m.surname FROM speaker_notes m
       WHERE m.speaker_id = g.speaker_id ORDER BY m.article_id COLLATE "C", m.ord LIMIT 1) f
    CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(x.a ORDER BY x.art, x.i), '{}') AS v, coalesce(array_agg(x.art::text ORDER BY x.art, x.i), '{}') AS art,
             coalesce(array_agg(x.i::int ORDER BY x.art, x.i), '{}') AS idx FROM (
        SELECT DISTINCT ON (u.a) u.a, m.article_id COLLATE "C" AS art, u.i
          FROM speaker_notes m, unnest(m.aliases) WITH ORDINALITY AS u(a, i)
         WHERE m.speaker_id = g.speaker_id ORDER BY u.a, m.article_id COLLATE "C", u.i) x) al
    CROSS JOIN LATERAL (
      SELECT coalesce(array_agg(x.a ORDER BY x.art, x.i), '{}') AS v, coalesce(array_agg(x.art::text ORDER BY x.art, x.i), '{}') AS art,
             coalesce(array_agg(x.i::int ORDER BY x.art, x.i), '{}') AS idx FROM (
        SELECT DISTINCT ON (u.a) u.a, m.article_id COLLATE "C" AS art, u.i
          FROM speaker_notes m, unnest(m.roles) WITH ORDINALITY AS u(a, i)
         WHERE m.speaker_id = g.speaker_id ORDER BY u.a, m.article_id COLLATE "C", u.i) x) ro
$fold$;

-- The fold of every speaker's notes, kept by each write for the speakers it touched
-- (speaker-rows.ts refreshSpeakers), so a look-up reads one row per candidate speaker.
-- Readers take kind = person when any note says so (persons > 0), else first_kind; the
-- name is never its own alias (readers drop it from aliases).
CREATE TABLE speaker_summaries (
  speaker_id     text PRIMARY KEY,
  name           text NOT NULL,
  first_kind     text NOT NULL,
  persons        integer NOT NULL,
  first_article  text NOT NULL,
  first_ord      integer NOT NULL,
  articles       integer NOT NULL,
  quotes         integer NOT NULL,
  aliases        text[] NOT NULL,
  alias_articles text[] NOT NULL,
  alias_idx      integer[] NOT NULL,
  roles          text[] NOT NULL,
  role_articles  text[] NOT NULL,
  role_idx       integer[] NOT NULL,
  -- The name's surname (speaker_notes.surname of the first note): the full names a lone surname may merge into.
  surname        text
);
CREATE INDEX speaker_summaries_surname ON speaker_summaries (surname) WHERE surname IS NOT NULL;

-- A database written before this version: fold the notes already there.
INSERT INTO speaker_summaries
SELECT * FROM speaker_fold(ARRAY(SELECT DISTINCT speaker_id FROM speaker_notes));
-- Statistics now, not at autovacuum's next pass (if it runs at all): look-ups join on this table.
ANALYZE speaker_summaries;

-- Typo look-ups compare keys by Levenshtein distance now (speakers.ts): the trigram index has no reader left.
DROP INDEX IF EXISTS speaker_keys_trgm;
`,
  },
  {
    version: 8,
    name: 'timeline read from SQL: events with their terms, and event groups',
    sql: `
-- Each dated event as the memory store's date store knows it (timeline-rows.ts): its
-- words and sentence, where it is, its index terms (topic filters) and content terms
-- (grouping), and its citation. group_no and pos place it in its group (timeline-groups.ts).
-- No foreign key: the writer deletes an article's rows itself (as migration 6's tables).
CREATE TABLE timeline_events (
  article_id    text NOT NULL,
  ord           integer NOT NULL,
  value         text NOT NULL,
  granularity   text NOT NULL,
  mod           text,
  sort_key      text NOT NULL,
  start_at      integer NOT NULL,
  end_at        integer NOT NULL,
  text          text NOT NULL,
  context       text NOT NULL,
  context_start integer NOT NULL,
  expr_start    integer NOT NULL,
  expr_end      integer NOT NULL,
  paragraph     integer NOT NULL,
  -- The dated mentions inside the event's words, only when they hold several dates: [[value, start, end], ...].
  dates         jsonb,
  terms         text[] NOT NULL,
  content_terms text[] NOT NULL,
  source        jsonb NOT NULL,
  value_start   text NOT NULL,
  value_end     text NOT NULL,
  group_no      integer,
  pos           integer,
  PRIMARY KEY (article_id, ord)
);
CREATE INDEX timeline_events_group ON timeline_events (value, group_no, pos);
CREATE INDEX timeline_events_paragraph ON timeline_events (article_id, paragraph);
CREATE INDEX timeline_events_terms ON timeline_events USING gin (terms);
-- A range's article count reads only this index (index-only scan), not the wide event rows.
CREATE INDEX timeline_events_span ON timeline_events (value_start, value_end, article_id);

-- Events whose sentence has each content term (term '' counts every event): grouping's rarity weights.
CREATE TABLE timeline_term_counts (
  term   text PRIMARY KEY,
  events bigint NOT NULL
);

-- Event groups, numbered within their value; the order columns are the memory store's timeline order.
CREATE TABLE timeline_groups (
  value          text NOT NULL,
  no             integer NOT NULL,
  granularity    text NOT NULL,
  mod            text,
  order_key      text NOT NULL,
  rank           double precision NOT NULL,
  articles       integer NOT NULL,
  first_article  text NOT NULL,
  first_start    integer NOT NULL,
  first_ord      integer NOT NULL,
  start_day      text NOT NULL,
  end_day        text NOT NULL,
  representative integer NOT NULL,
  PRIMARY KEY (value, no)
);
CREATE INDEX timeline_groups_order ON timeline_groups (order_key COLLATE "C", rank, articles DESC, first_article COLLATE "C", first_start, first_ord);

-- stale: some writes (an ingest's) left their values to be grouped; the next ingest groups every value.
-- generation: bumped when every value is grouped again (readers keep selections per corpus version and generation).
CREATE TABLE timeline_state (
  id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  stale      boolean NOT NULL,
  generation bigint NOT NULL DEFAULT 0
);
INSERT INTO timeline_state (id, stale) VALUES (1, true);

-- Articles written before this version have no timeline rows: a changed hash makes the next ingest rewrite them.
UPDATE articles SET content_hash = 'before-v8:' || content_hash;
`,
  },
  {
    version: 9,
    name: 'search words packed into the article row',
    sql: `
-- search_words was some 250 rows an article, read only by the writer (the words an
-- article counted before, to take them out of search_vocab): a third of an ingest's
-- server time went to inserting and indexing them. The same three columns as arrays on
-- the article row, in word order, cost one row.
ALTER TABLE articles ADD COLUMN words text[] NOT NULL DEFAULT '{}';
ALTER TABLE articles ADD COLUMN word_stems text[] NOT NULL DEFAULT '{}';
ALTER TABLE articles ADD COLUMN word_freqs integer[] NOT NULL DEFAULT '{}';
UPDATE articles a SET words = w.words, word_stems = w.stems, word_freqs = w.freqs
  FROM (SELECT article_id, array_agg(word ORDER BY word COLLATE "C") AS words, array_agg(stem ORDER BY word COLLATE "C") AS stems,
               array_agg(freq ORDER BY word COLLATE "C") AS freqs
          FROM search_words GROUP BY article_id) w
 WHERE w.article_id = a.id;
DROP TABLE search_words;
`,
  },
  {
    version: 10,
    name: 'quote words: groups, postings and vocabulary kept per write',
    sql: `
-- /quote WORDS searches quote groups (every report of the same words), each indexed by
-- its first-published report's text (quotes/search.ts). Each write keeps these current
-- for the groups its quotes touch, so a reader reads only a query's postings.
-- ord is the group's place in corpus order: its first report's published date ('9999'
-- when none), article id and offset, joined so that comparing in "C" order is the core's
-- byPublished order.
CREATE TABLE quote_word_groups (
  group_key   text PRIMARY KEY,
  first_quote text NOT NULL,
  ord         text COLLATE "C" NOT NULL,
  text        text NOT NULL,
  -- MiniSearch's field length: distinct raw tokens of the first report's text.
  n_tokens    integer NOT NULL,
  -- Distinct processed terms of that text, in the order the text first has them.
  terms       text[] NOT NULL
);

CREATE TABLE quote_word_postings (
  term      text NOT NULL,
  ord       text COLLATE "C" NOT NULL,
  group_key text NOT NULL,
  tf        integer NOT NULL,
  n_tokens  integer NOT NULL,
  -- The term's place among the group's terms (where the corpus first has a term orders its vocabulary).
  pos       integer NOT NULL,
  PRIMARY KEY (term, ord)
);
-- A common term's best-scoring groups: by term frequency, then shortest text, then corpus order.
CREATE INDEX quote_word_postings_top ON quote_word_postings (term, tf, n_tokens, ord) INCLUDE (group_key);

-- Groups holding each term and where the corpus first has it; version as search_vocab's.
CREATE TABLE quote_word_vocab (
  term      text PRIMARY KEY,
  df        integer NOT NULL,
  first_ord text COLLATE "C" NOT NULL,
  first_pos integer NOT NULL,
  version   bigint NOT NULL DEFAULT 0
);
CREATE INDEX quote_word_vocab_version ON quote_word_vocab (version);

-- BM25's statistics over groups: how many, and their summed field lengths.
ALTER TABLE corpus_state ADD COLUMN quote_groups bigint NOT NULL DEFAULT 0;
ALTER TABLE corpus_state ADD COLUMN quote_tokens bigint NOT NULL DEFAULT 0;

-- Terms are the core's (its tokenizer and stemmer), which SQL cannot compute: articles
-- with quotes written before this version are rewritten by the next ingest (a changed hash).
UPDATE articles SET content_hash = 'before-v10:' || content_hash
 WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = articles.id);
`,
  },
  {
    version: 11,
    name: 'autocomplete rows',
    sql: `
-- Autocomplete from SQL (suggest-rows.ts writes these, suggest.ts reads them): what the
-- memory store's word lists hold, kept by each write, so a keystroke reads a few
-- indexed rows. Per speaker (every speaker_summaries row; a lone surname merged into its
-- full name keeps a row saying so, which tells the next write that the merge changed):
-- its /quote NAME statement count, quote and article counts after the merges, corpus
-- order, and its folded name (prefix B-tree, trigram GIN for a phrase inside it).
CREATE TABLE suggest_speakers (
  speaker_id    text PRIMARY KEY,
  merged_into   text,
  name          text NOT NULL,
  value         text NOT NULL,
  folded        text COLLATE "C" NOT NULL,
  statements    integer NOT NULL,
  quotes        integer NOT NULL,
  articles      integer NOT NULL,
  first_article text COLLATE "C" NOT NULL,
  first_ord     integer NOT NULL
);
CREATE INDEX suggest_speakers_vocab ON suggest_speakers (statements DESC, value COLLATE "und-x-icu", first_article, first_ord) WHERE merged_into IS NULL;
CREATE INDEX suggest_speakers_ranked ON suggest_speakers (quotes DESC, articles DESC, first_article, first_ord) WHERE merged_into IS NULL;
CREATE INDEX suggest_speakers_value ON suggest_speakers (value);
CREATE INDEX suggest_speakers_folded ON suggest_speakers (folded);
CREATE INDEX suggest_speakers_folded_trgm ON suggest_speakers USING gin (folded gin_trgm_ops);
-- A speaker's words: 'w' the folded words of its name and aliases (/timeline, /verify),
-- 'q' its lower-case name, aliases and name words (/quote); prefix look-ups.
CREATE TABLE suggest_speaker_keys (
  kind       "char" NOT NULL,
  key        text COLLATE "C" NOT NULL,
  speaker_id text NOT NULL REFERENCES suggest_speakers (speaker_id) ON DELETE CASCADE,
  PRIMARY KEY (kind, key, speaker_id)
);
CREATE INDEX suggest_speaker_keys_speaker ON suggest_speaker_keys (speaker_id);
-- Speakers an ingest's batches touched, refreshed once at its end (duplicates allowed:
-- no unique index, so concurrent batches never wait on each other here).
CREATE TABLE suggest_dirty (speaker_id text NOT NULL);
-- Per quote group: its report count and first-published report (the memory store's rank
-- and order), its key for substring matching (trigram GIN serves LIKE '%p%').
CREATE TABLE suggest_groups (
  group_key       text PRIMARY KEY,
  reports         integer NOT NULL,
  first_published date,
  first_article   text COLLATE "C" NOT NULL,
  first_start     integer NOT NULL,
  text            text NOT NULL
);
CREATE INDEX suggest_groups_ranked ON suggest_groups (reports DESC, first_published, first_article, first_start);
CREATE INDEX suggest_groups_key_trgm ON suggest_groups USING gin (group_key gin_trgm_ops);
-- /timeline topic words: each article's (from its distinct dated sentences, and from its
-- title), and the corpus's sums.
CREATE TABLE suggest_article_topics (
  article_id text NOT NULL,
  word       text NOT NULL,
  dated      integer NOT NULL,
  titled     integer NOT NULL,
  PRIMARY KEY (article_id, word)
);
CREATE TABLE suggest_topics (
  word   text PRIMARY KEY,
  value  text NOT NULL,
  folded text COLLATE "C" NOT NULL,
  dated  integer NOT NULL,
  titled integer NOT NULL
);
CREATE INDEX suggest_topics_dated ON suggest_topics (dated DESC, value COLLATE "und-x-icu") WHERE dated > 0;
CREATE INDEX suggest_topics_titled ON suggest_topics (titled DESC, value COLLATE "und-x-icu") WHERE titled > 0;
CREATE INDEX suggest_topics_folded ON suggest_topics (folded);
CREATE INDEX suggest_topics_folded_trgm ON suggest_topics USING gin (folded gin_trgm_ops);
CREATE TABLE suggest_topic_keys (
  key  text COLLATE "C" NOT NULL,
  word text NOT NULL REFERENCES suggest_topics (word) ON DELETE CASCADE,
  PRIMARY KEY (key, word)
);
CREATE INDEX suggest_topic_keys_word ON suggest_topic_keys (word);

-- The rows are the core's (its folding, topic words and statement grouping), which SQL
-- cannot compute: every article is rewritten by the next ingest (a changed hash).
UPDATE articles SET content_hash = 'before-v11:' || content_hash;
`,
  },
  {
    version: 12,
    name: 'verify candidates: quote word postings, their counts and name words kept per write',
    sql: `
-- /verify's candidate quotes (core verify/candidates.ts): each quote's distinct comparison
-- keys (verify/tokens.ts tokenKeys), one row per key and quote, the quote named by its
-- article and its place there (quote ids are ARTICLE#qN), which is also corpus order:
-- articles by id, then their quotes in order. Key '' is every quote, so its count is the
-- number of quotes. The primary key serves a key's list as an index-only scan.
CREATE TABLE verify_postings (
  key        text NOT NULL,
  article_id text NOT NULL,
  n          integer NOT NULL,
  PRIMARY KEY (key, article_id, n)
);
-- The writer deletes an article's rows itself (no foreign key, as migration 6's tables).
CREATE INDEX verify_postings_article ON verify_postings (article_id);

-- Quotes per key (the length of its list), kept by each write; '' counts every quote.
CREATE TABLE verify_vocab (
  key text PRIMARY KEY,
  df  bigint NOT NULL
);

-- Words of speakers' names and aliases (verify/speaker.ts nameWords) as the articles' notes
-- give them, with the speaker noted: only ever added, so a reader takes them as candidates
-- and decides from the speakers' records after the corpus's merges (speakers.ts setOf).
CREATE TABLE verify_name_keys (
  key        text NOT NULL,
  speaker_id text NOT NULL,
  PRIMARY KEY (key, speaker_id)
);

-- Keys are the core's (its tokenizer and normaliser), which SQL cannot compute: articles
-- with quotes or speakers written before this version are rewritten by the next ingest.
UPDATE articles SET content_hash = 'before-v12:' || content_hash
 WHERE EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = articles.id)
    OR EXISTS (SELECT 1 FROM speaker_notes n WHERE n.article_id = articles.id);
`,
  },
  {
    version: 13,
    name: 'search head terms: paragraph counts and candidate lists kept per write',
    sql: `
-- The core's index keeps stems in more than headDf paragraphs out of its postings and
-- scores them from their best paragraphs (search-heads.ts). Which stems those are is
-- decided per corpus version from search_df; search_heads/search_head_docs are each head
-- stem's candidate paragraphs, kept by the writer (search-head-rows.ts).
CREATE TABLE search_df (
  stem text PRIMARY KEY,
  -- Paragraphs with the stem in any field (a title or outlet word: all of its article's).
  df   integer NOT NULL
);
CREATE INDEX search_df_df ON search_df (df);

-- A list's averages (text, title, outlet field lengths) when it was built; the first
-- paragraph left out then (k_*: NULL when it holds every paragraph), and the best gain
-- (BM25 without idf) left out among paragraphs counted otherwise than that one (0: none).
-- n_docs -1: to be built.
CREATE TABLE search_heads (
  stem      text PRIMARY KEY,
  a_text    double precision NOT NULL,
  a_title   double precision NOT NULL,
  a_outlet  double precision NOT NULL,
  k_article text,
  k_idx     integer,
  k_tf      integer[],
  k_len     integer[],
  theta     double precision NOT NULL,
  n_docs    integer NOT NULL
);
CREATE TABLE search_head_docs (
  stem       text NOT NULL,
  article_id text NOT NULL,
  idx        integer NOT NULL,
  tf0 integer NOT NULL, tf1 integer NOT NULL, tf2 integer NOT NULL,
  len0 integer NOT NULL, len1 integer NOT NULL, len2 integer NOT NULL,
  PRIMARY KEY (stem, article_id, idx)
);
CREATE INDEX search_head_docs_article ON search_head_docs (article_id);

-- NULL: the core's rule (more than max(500, 0.5% of the paragraphs); the best 1000). Set
-- by tests, so a small corpus has head terms.
ALTER TABLE corpus_state ADD COLUMN search_head_df integer;
ALTER TABLE corpus_state ADD COLUMN search_head_top integer;

-- A database written before this version: the counts are filled from the postings by the
-- next ingest (ensureHeadLists, in slices: one statement over every posting outlasts the
-- query timeout); until then writers leave them alone and readers have no head terms.
ALTER TABLE corpus_state ADD COLUMN search_df_ready boolean NOT NULL DEFAULT false;
UPDATE corpus_state SET search_df_ready = NOT EXISTS (SELECT 1 FROM search_postings);
`,
  },
  {
    version: 14,
    name: 'vocabulary look-ups in SQL: the live words, indexed for prefixes, typos and corpus order',
    sql: `
-- Readers no longer hold the vocabularies: they look words up here (vocab-sql.ts). The
-- vocabulary rows change at every write of an article with the word (its count, its
-- version), so the look-up indexes are on a table of the live words alone, which a write
-- changes only when a word comes, goes, or moves in corpus order (a trigger keeps it).
-- Prefix ranges and the corpus-order probes that settle MiniSearch's tie order read the
-- "C" index (code point order, which the range bounds are computed in) and the index of
-- first places; typo candidates come from the trigram index (LIKE on pieces of the word),
-- and the exact edit distance is checked in the reader.
CREATE TABLE search_vocab_live (
  word          text PRIMARY KEY,
  stem          text NOT NULL,
  first_article text NOT NULL,
  first_pos     integer NOT NULL
);
CREATE INDEX search_vocab_live_c ON search_vocab_live ((word COLLATE "C")) INCLUDE (first_article, first_pos);
CREATE INDEX search_vocab_live_first ON search_vocab_live ((first_article COLLATE "C"), first_pos) INCLUDE (word);
CREATE INDEX search_vocab_live_trgm ON search_vocab_live USING gin (word gin_trgm_ops);
CREATE INDEX search_vocab_live_stem ON search_vocab_live (stem);
INSERT INTO search_vocab_live (word, stem, first_article, first_pos) SELECT word, stem, first_article, first_pos FROM search_vocab WHERE freq > 0;

CREATE FUNCTION search_vocab_live_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'DELETE' AND NEW.freq > 0 THEN
    INSERT INTO search_vocab_live (word, stem, first_article, first_pos) VALUES (NEW.word, NEW.stem, NEW.first_article, NEW.first_pos)
      ON CONFLICT (word) DO UPDATE SET stem = EXCLUDED.stem, first_article = EXCLUDED.first_article, first_pos = EXCLUDED.first_pos;
  ELSE
    DELETE FROM search_vocab_live WHERE word = CASE WHEN TG_OP = 'DELETE' THEN OLD.word ELSE NEW.word END;
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER search_vocab_live_insert AFTER INSERT ON search_vocab FOR EACH ROW WHEN (NEW.freq > 0) EXECUTE FUNCTION search_vocab_live_sync();
-- Most updates (a count, a version, the form shown) leave the row alone: the condition spares them the call.
CREATE TRIGGER search_vocab_live_update AFTER UPDATE ON search_vocab FOR EACH ROW
  WHEN ((OLD.freq > 0) IS DISTINCT FROM (NEW.freq > 0)
        OR (NEW.freq > 0 AND (OLD.stem, OLD.first_article, OLD.first_pos) IS DISTINCT FROM (NEW.stem, NEW.first_article, NEW.first_pos)))
  EXECUTE FUNCTION search_vocab_live_sync();
CREATE TRIGGER search_vocab_live_delete AFTER DELETE ON search_vocab FOR EACH ROW EXECUTE FUNCTION search_vocab_live_sync();

CREATE TABLE quote_vocab_live (
  term      text PRIMARY KEY,
  first_ord text COLLATE "C" NOT NULL,
  first_pos integer NOT NULL
);
CREATE INDEX quote_vocab_live_c ON quote_vocab_live ((term COLLATE "C")) INCLUDE (first_ord, first_pos);
CREATE INDEX quote_vocab_live_first ON quote_vocab_live (first_ord, first_pos) INCLUDE (term);
CREATE INDEX quote_vocab_live_trgm ON quote_vocab_live USING gin (term gin_trgm_ops);
INSERT INTO quote_vocab_live (term, first_ord, first_pos) SELECT term, first_ord, first_pos FROM quote_word_vocab WHERE df > 0;

CREATE FUNCTION quote_vocab_live_sync() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP <> 'DELETE' AND NEW.df > 0 THEN
    INSERT INTO quote_vocab_live (term, first_ord, first_pos) VALUES (NEW.term, NEW.first_ord, NEW.first_pos)
      ON CONFLICT (term) DO UPDATE SET first_ord = EXCLUDED.first_ord, first_pos = EXCLUDED.first_pos;
  ELSE
    DELETE FROM quote_vocab_live WHERE term = CASE WHEN TG_OP = 'DELETE' THEN OLD.term ELSE NEW.term END;
  END IF;
  RETURN NULL;
END $fn$;
CREATE TRIGGER quote_vocab_live_insert AFTER INSERT ON quote_word_vocab FOR EACH ROW WHEN (NEW.df > 0) EXECUTE FUNCTION quote_vocab_live_sync();
CREATE TRIGGER quote_vocab_live_update AFTER UPDATE ON quote_word_vocab FOR EACH ROW
  WHEN ((OLD.df > 0) IS DISTINCT FROM (NEW.df > 0)
        OR (NEW.df > 0 AND (OLD.first_ord, OLD.first_pos) IS DISTINCT FROM (NEW.first_ord, NEW.first_pos)))
  EXECUTE FUNCTION quote_vocab_live_sync();
CREATE TRIGGER quote_vocab_live_delete AFTER DELETE ON quote_word_vocab FOR EACH ROW EXECUTE FUNCTION quote_vocab_live_sync();
`,
  },
  {
    version: 15,
    name: 'quote head terms: an index of the commonest terms',
    sql: `
-- Head terms are in more than max(300, 0.4% of the groups) groups: only rows past 300 are
-- in this index, so the counts of every other term change without touching it.
CREATE INDEX quote_word_vocab_heads ON quote_word_vocab (df) WHERE df > 300;
`,
  },
  {
    version: 16,
    name: 'timeline groups: the tellings they cite, and a stamp per write; planner statistics after grouping',
    sql: `
-- A /timeline page cites every article that tells a group, each by its first telling
-- in the group's order (memory/timeline.ts citedTellings): those tellings, kept with the
-- group by its writer (timeline-groups.ts writeGroups), so a page reads a big group's
-- citations by key instead of every one of its events, and a topic counts its articles
-- from the groups it read instead of joining their events. stamp is new for every group
-- written: a reader keeps a group's citations under it (timeline.ts).
CREATE SEQUENCE timeline_group_stamps;
ALTER TABLE timeline_groups ADD COLUMN cite_articles text[] NOT NULL DEFAULT '{}';
ALTER TABLE timeline_groups ADD COLUMN cite_ords integer[] NOT NULL DEFAULT '{}';
ALTER TABLE timeline_groups ADD COLUMN stamp bigint NOT NULL DEFAULT nextval('timeline_group_stamps');
UPDATE timeline_groups g SET cite_articles = c.a, cite_ords = c.o
  FROM (SELECT value, group_no, array_agg(article_id ORDER BY pos) AS a, array_agg(ord ORDER BY pos) AS o
          FROM (SELECT DISTINCT ON (value, group_no, article_id) value, group_no, article_id, ord, pos
                  FROM timeline_events WHERE group_no IS NOT NULL ORDER BY value, group_no, article_id, pos) f
         GROUP BY value, group_no) c
 WHERE g.value = c.value AND g.no = c.group_no;

-- An ingest analysed the tables before grouping the timeline and refreshing autocomplete's
-- speakers (ingest.ts now analyses them again after): on a server without autovacuum the
-- planner took every event as ungrouped and these tables as empty, and read every event
-- for a topic's rarest word.
ANALYZE timeline_events;
ANALYZE timeline_groups;
ANALYZE suggest_speakers;
ANALYZE suggest_speaker_keys;
`,
  },
  {
    version: 17,
    name: "quote speakers with their quotes' group keys",
    sql: `
-- A speaker's statements (quotes.ts bySpeaker, quote-words.ts keysOf, suggest-rows.ts) are the
-- groups of the quotes naming it: with each quote's group key beside its speaker, one index
-- lists them in order (an index-only scan once vacuumed) instead of a look-up into quotes per
-- report (a much-quoted speaker has thousands). Written with the row (speaker-rows.ts).
ALTER TABLE quote_speakers ADD COLUMN group_key text;
-- The index before the rows are filled: one built over this transaction's updated rows could serve no
-- query until every snapshot older than it had ended (a long transaction anywhere on the server).
CREATE INDEX quote_speakers_statements ON quote_speakers (speaker_id, group_key);
UPDATE quote_speakers s SET group_key = q.group_key FROM quotes q WHERE q.id = s.quote_id;
ALTER TABLE quote_speakers ALTER COLUMN group_key SET NOT NULL;
-- A process started before this version (a rolling upgrade) writes the rows without it: taken from the quote.
CREATE FUNCTION quote_speakers_group_key() RETURNS trigger LANGUAGE plpgsql AS $fill$
BEGIN
  IF NEW.group_key IS NULL THEN
    NEW.group_key := (SELECT q.group_key FROM quotes q WHERE q.id = NEW.quote_id);
  END IF;
  RETURN NEW;
END
$fill$;
CREATE TRIGGER quote_speakers_group_key BEFORE INSERT ON quote_speakers FOR EACH ROW EXECUTE FUNCTION quote_speakers_group_key();
-- Its leading column serves every look-up by speaker the old one did.
DROP INDEX quote_speakers_speaker;
ANALYZE quote_speakers;
`,
  },
  {
    version: 18,
    name: '/sources in its order from an index',
    sql: `
-- /sources lists the articles by publication date, then file, in ICU's root collation (the
-- memory store's localeCompare). Ordered by an expression on the date (its text) with a
-- window count, every page sorted every article: 74 ms a page at 50k. The date itself
-- orders as its ISO text does (NULL first, as the memory store's ''), so an index serves
-- a page, and the total is counted apart.
CREATE INDEX articles_sources_order ON articles (published NULLS FIRST, id COLLATE "und-x-icu");
ANALYZE articles;
`,
  },
  {
    version: 19,
    name: 'bulk ingest: the live-word triggers skipped by its batches, the tables resynced once at its end',
    sql: `
-- Keeping search_vocab_live and quote_vocab_live row by row (a trigger call, an upsert and its
-- trigram GIN entries per new word) was some 5 of the server's ~28 ms an article in a bulk
-- ingest (measured by dropping the triggers, 1k articles). A bulk ingest's batches set
-- quotebot.defer_live in their transactions (SET LOCAL: every other writer keeps the tables as
-- before) and ingest resyncs both tables from the vocabularies once at its end (live-vocab.ts).
-- live_stale says a resync is due: set before the first deferred batch commits, cleared by the
-- resync, so an ingest stopped midway leaves it set and the next ingest repairs the tables.
ALTER TABLE corpus_state ADD COLUMN live_stale boolean NOT NULL DEFAULT false;

DROP TRIGGER search_vocab_live_insert ON search_vocab;
DROP TRIGGER search_vocab_live_update ON search_vocab;
DROP TRIGGER search_vocab_live_delete ON search_vocab;
CREATE TRIGGER search_vocab_live_insert AFTER INSERT ON search_vocab FOR EACH ROW
  WHEN (NEW.freq > 0 AND current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION search_vocab_live_sync();
CREATE TRIGGER search_vocab_live_update AFTER UPDATE ON search_vocab FOR EACH ROW
  WHEN (((OLD.freq > 0) IS DISTINCT FROM (NEW.freq > 0)
         OR (NEW.freq > 0 AND (OLD.stem, OLD.first_article, OLD.first_pos) IS DISTINCT FROM (NEW.stem, NEW.first_article, NEW.first_pos)))
        AND current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION search_vocab_live_sync();
CREATE TRIGGER search_vocab_live_delete AFTER DELETE ON search_vocab FOR EACH ROW
  WHEN (current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION search_vocab_live_sync();

DROP TRIGGER quote_vocab_live_insert ON quote_word_vocab;
DROP TRIGGER quote_vocab_live_update ON quote_word_vocab;
DROP TRIGGER quote_vocab_live_delete ON quote_word_vocab;
CREATE TRIGGER quote_vocab_live_insert AFTER INSERT ON quote_word_vocab FOR EACH ROW
  WHEN (NEW.df > 0 AND current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION quote_vocab_live_sync();
CREATE TRIGGER quote_vocab_live_update AFTER UPDATE ON quote_word_vocab FOR EACH ROW
  WHEN (((OLD.df > 0) IS DISTINCT FROM (NEW.df > 0)
         OR (NEW.df > 0 AND (OLD.first_ord, OLD.first_pos) IS DISTINCT FROM (NEW.first_ord, NEW.first_pos)))
        AND current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION quote_vocab_live_sync();
CREATE TRIGGER quote_vocab_live_delete AFTER DELETE ON quote_word_vocab FOR EACH ROW
  WHEN (current_setting('quotebot.defer_live', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION quote_vocab_live_sync();

-- The writer always sends the group key (migration 17's trigger is for older processes): a call per row spared.
DROP TRIGGER quote_speakers_group_key ON quote_speakers;
CREATE TRIGGER quote_speakers_group_key BEFORE INSERT ON quote_speakers FOR EACH ROW
  WHEN (NEW.group_key IS NULL) EXECUTE FUNCTION quote_speakers_group_key();
`,
  },
  {
    version: 20,
    name: "quote shingles: each speaker's statements by their three-word runs",
    sql: `
-- /quote WORDS links a hit's variants among its speaker's groups sharing a three-word run
-- (shingle) with it: listing every statement of each hit's speaker cost a much-quoted
-- speaker's thousands of keys, split into words, per query. One row per attributed quote
-- and shingle of its group key (the quote's raw speaker, as quote_speakers names it; the
-- shingle hashed in code: quote-shingles.ts), looked up by (speaker, shingle). Written with
-- the article's speaker rows and deleted with its rows, as search_postings (no foreign key).
CREATE TABLE quote_shingles (
  speaker_id text NOT NULL,
  shingle    integer NOT NULL,
  article_id text NOT NULL,
  -- The quote's place in its article (its id is article_id || '#q' || quote_no).
  quote_no   integer NOT NULL
);
CREATE INDEX quote_shingles_speaker ON quote_shingles (speaker_id, shingle) INCLUDE (article_id, quote_no);
CREATE INDEX quote_shingles_article ON quote_shingles (article_id);
-- Shingles are the core's words of a key, which SQL cannot split as it does: a database with
-- quotes is filled by the next ingest (quote-shingles.ts fillQuoteShingles); until then the
-- reader lists each speaker's statements as before.
ALTER TABLE corpus_state ADD COLUMN quote_shingles_ready boolean NOT NULL DEFAULT false;
UPDATE corpus_state SET quote_shingles_ready = NOT EXISTS (SELECT 1 FROM quote_speakers);
-- A process started before this version (a rolling upgrade) writes quote speakers without their
-- shingles: its statement marks the table unfilled, so readers list statements as before until the
-- next ingest fills it again. This version's writers say they keep it (quote-shingles.ts).
CREATE FUNCTION quote_shingles_unkept() RETURNS trigger LANGUAGE plpgsql AS $unkept$
BEGIN
  UPDATE corpus_state SET quote_shingles_ready = false WHERE id = 1 AND quote_shingles_ready;
  RETURN NULL;
END
$unkept$;
CREATE TRIGGER quote_shingles_unkept AFTER INSERT ON quote_speakers FOR EACH STATEMENT
  WHEN (current_setting('quotebot.quote_shingles', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION quote_shingles_unkept();
`,
  },
];

/** Any constant fits; it only has to be the same in every quotebot process. */
const LOCK_KEY = 0x71b07; // "qbot"

/** Apply the migrations this database lacks; returns the versions applied now. */
export async function migrate(pool: pg.Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const done = new Set(rows.map((r) => r.version));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(`migration ${m.version} (${m.name}) failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        applied.push(m.version);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
  return applied;
}
