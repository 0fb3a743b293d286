export const QUALITY_PATH = "/projects/:projectId/quality";
export const REVIEW_PATH = "/projects/:projectId/review";
export const ANNOTATOR_PATH = "/projects/:projectId/annotators/:annotatorId";
