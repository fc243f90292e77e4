#!/usr/bin/env -S npx tsx
// The CDK app entry (cdk.json: `npx tsx bin/app.ts`); everything is built by lib/app.ts.
import { buildApp } from '../lib/app.ts';

buildApp().synth();
