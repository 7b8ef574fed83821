const { loadLibrary } = await import('/work/main/src/core/library.js');
const { quotesForExtract } = await import('/work/main/src/core/quotes/store.js');
const lib = await loadLibrary(process.argv[2]!);
for (const a of lib.articles) console.log(a.file, quotesForExtract(lib.quotes, a.id).map((q: any) => `${q.text.slice(0, 20)} → ${q.speaker}`));
