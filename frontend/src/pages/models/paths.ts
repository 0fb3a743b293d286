/** The Models pages' routes, apart from their page definitions (index.ts) so that a page's
 * component can link to another without importing the definitions that load it. */

/** One project's reward model. */
export const PROJECT_MODELS_PATH = "/projects/:projectId/models";
