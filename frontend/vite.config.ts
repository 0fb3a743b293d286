import { defineConfig } from "vitest/config";

// Django serves the build: WhiteNoise under /static/ (settings.STATICFILES_DIRS includes
// frontend/dist) and config/frontend.py answers index.html for "/" and "/app/...".
// `npm run dev` proxies the API and media to a Django server on :8000.
export default defineConfig({
  base: "/static/",
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/media": "http://127.0.0.1:8000" },
  },
  test: { include: ["src/**/*.test.ts"], environment: "node" },
});
