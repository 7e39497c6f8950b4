import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach } from "vitest";

// Vitest globals are off, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

// findBy*/waitFor give up after 1 s by default. On a loaded 2-core CI machine,
// rendering the 1,500-envelope inbox alone can take longer; waiting up to 5 s
// still fails a test whose screen never shows what it expects.
configure({ asyncUtilTimeout: 5000 });
