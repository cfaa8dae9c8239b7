import { Module } from '@nestjs/common';
import { GetPersonalDataHandler, PersonalDataController } from './personal-data.js';
import { PersonalDataPage } from './personal-data.page.js';

/** The right of access: `GET /api/accounts/:id/personal-data` and « Mes données ». */
@Module({
  controllers: [PersonalDataController, PersonalDataPage],
  providers: [GetPersonalDataHandler],
})
export class PersonalDataModule {}
