# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm ci && npm run build

# Runtime stage: production dependencies only, the compiled code and the corpus.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    QUOTEBOT_CORPUS=/app/corpus \
    QUOTEBOT_CACHE_DIR=/app/cache \
    PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY corpus ./corpus
# The extraction cache: mount a volume here so restarts skip re-extracting an unchanged corpus.
RUN mkdir -p /app/cache && chown node:node /app/cache
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# The heap the memory store's thread gets (QUOTEBOT_HEAP_MB overrides it); a corpus that needs more is refused at start.
# The main thread only does platform I/O: a 2 MB nursery (V8's default grows to 16 MB a thread) keeps its garbage small;
# the store thread's heap is set apart from these flags (src/threads/own-heap.ts).
CMD ["node", "--max-old-space-size=3072", "--max-semi-space-size=2", "dist/main.js"]
