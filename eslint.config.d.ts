// Types of eslint.config.js for the test that lints planted boundary violations (test/architecture).
import type { Linter } from "eslint";

export declare const boundaries: Linter.Config;
declare const config: Linter.Config[];
export default config;
