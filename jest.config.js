// Jest projects (the serverless-test-samples layout): select with --selectProjects.
//  unit        — domain and handler units, milliseconds each, no network
//  infra       — CDK assertions and cdk-nag on the synthesized stacks
//  local-cloud — each emulator of the local cloud, driven by the real AWS SDK clients
//  integration — flows through the local cloud (started once in globalSetup), or LocalStack when
//                AWS_ENDPOINT_URL points at one (see README)
//  browser     — the public portal in headless Chromium, and the privacy walk over every public page
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }] };
// ESM-only packages are compiled to CommonJS for Jest's module system.
const transformIgnorePatterns = ['/node_modules/(?!(@middy|jose|@asteasolutions|zod|aws-local-stepfunctions|fast-check|pure-rand|echarts|zrender)/)'];
// @middy/* export only an `import` condition, which Jest's CommonJS resolver does not try.
const moduleNameMapper = { '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js', '^#shared/(.*)$': '<rootDir>/functions/shared/$1', '^#functions/(.*)$': '<rootDir>/functions/$1', '^#test/(.*)$': '<rootDir>/test/$1' };
const common = { transform, transformIgnorePatterns, moduleNameMapper, testEnvironment: 'node' };

export default {
  projects: [
    { ...common, displayName: 'unit', setupFiles: ['<rootDir>/test/unit/setup-env.ts'], testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/functions/**/*.test.ts', '<rootDir>/lib/**/*.test.ts'] },
    { ...common, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    // each emulator of the local cloud on its own, through the real AWS SDK clients
    { ...common, displayName: 'local-cloud', testMatch: ['<rootDir>/test/local-cloud/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/harness/global-teardown.ts',
    },
    // the public portal in headless Chromium (playwright-core + /usr/bin/chromium) and the privacy walk, against a local
    // cloud of its own started by the same harness
    {
      ...common,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/integration/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/integration/harness/global-teardown.ts',
    },
  ],
};
