/**
 * The Python OpenAPI tools, installed the way moto and cfn-lint are: into the project-local
 * virtual environment `.local/api-tools-venv`, pinned in requirements-api-tools.txt,
 * reinstalled only when that file's hash or the venv changes. openapi-spec-validator checks
 * the served document in the e2e tier; schemathesis fuzzes the API (`npm run fuzz`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCAL_DIR, ensurePythonTool, sha256 } from '../emulators/install';

const REQUIREMENTS_FILE = fileURLToPath(new URL('requirements-api-tools.txt', import.meta.url));
export const API_TOOLS_VENV_DIR = path.join(LOCAL_DIR, 'api-tools-venv');

export interface ApiTools {
  readonly openapiSpecValidator: string;
  readonly schemathesis: string;
}

const apiTools: ApiTools = {
  openapiSpecValidator: path.join(API_TOOLS_VENV_DIR, 'bin', 'openapi-spec-validator'),
  schemathesis: path.join(API_TOOLS_VENV_DIR, 'bin', 'st'),
};

const filesPresent = (): boolean =>
  Object.values(apiTools).every((bin) => existsSync(bin)) && existsSync(path.join(API_TOOLS_VENV_DIR, 'bin', 'python'));

/** Installs the tools unless the cached install matches the pins; returns their executables. */
export async function installApiTools(options: { log?: (line: string) => void } = {}): Promise<ApiTools> {
  const tool = {
    label: 'the OpenAPI tools',
    venvDir: API_TOOLS_VENV_DIR,
    requirementsFile: REQUIREMENTS_FILE,
    executable: apiTools.schemathesis,
    filesPresent,
  };
  await ensurePythonTool(tool, { requirementsSha256: await sha256(REQUIREMENTS_FILE) }, options.log ?? (() => {}));
  return apiTools;
}
