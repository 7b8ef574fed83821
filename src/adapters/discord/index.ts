// Public surface of the Discord adapter (used by main and the CLI).
export { startDiscord, createDiscordClient, InteractionHandler, type DiscordAdapterOptions } from './client.js';
export { registerDiscordCommands, registerWith, sameCommands, restApiBase, type RegisterOptions, type RegisterResult } from './register.js';
export { commandDefinitions, slashToLine, checkQuotesLine, CHECK_QUOTES } from './commands.js';
export { renderAnswer, LIMITS } from './render.js';
export { ButtonStore } from './buttons.js';
export { quoteChoices, topicChoices, speakerChoices } from './suggest.js';
