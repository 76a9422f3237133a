import { EnvironmentConfig } from '../lib';
import { dev } from './dev';
import { prod } from './prod';
import { staging } from './staging';

/** The environments this repository deploys, one stack each. Add a file and list it here. */
export const environments: readonly EnvironmentConfig[] = [dev, staging, prod];
