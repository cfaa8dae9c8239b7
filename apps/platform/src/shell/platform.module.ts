import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackgroundModule, HealthModule, ReadStoreModule, StorageModule, type PlatformConfig } from '@peps/runtime';
import { AccessModule } from '../access/access.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { DrsModule } from '../drs/drs.module.js';
import { EmployersModule } from '../employers/employers.module.js';
import { OperationsModule } from '../operations/operations.module.js';
import { TermsOfUseModule } from '../terms-of-use/terms-of-use.module.js';
import { PagesModule } from './pages/pages.module.js';

/** What tests may hand in (an already opened database): passed on to the storage as it is. */
type StorageOverrides = NonNullable<Parameters<typeof StorageModule.forRoot>[1]>;

/**
 * The platform: storage and the read store (global), then one module per area, each with its API and page
 * controllers and its handlers; on the embedded default, the projections and process managers in-process.
 */
@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig, overrides: StorageOverrides = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        CqrsModule.forRoot(),
        StorageModule.forRoot(config, overrides),
        HealthModule,
        ReadStoreModule,
        OperationsModule,
        AccessModule,
        EmployersModule,
        AccountsModule,
        TermsOfUseModule,
        DrsModule,
        AuditModule,
        ...(config.runBackground ? [BackgroundModule] : []),
        PagesModule,
      ],
    };
  }
}
