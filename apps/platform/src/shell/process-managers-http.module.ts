import { Module } from '@nestjs/common';
import { DeliveryFailuresController } from '../drs/delivery-failures/delivery-failures.controller.js';
import { DevOutboxController } from '../operations/dev-outbox/dev-outbox.controller.js';
import { LettersPdfController } from '../drs/letters-pdf/letters-pdf.controller.js';

/**
 * The HTTP side of the process managers: DRS views of letters and deliveries, the dev outbox viewer. Stateless
 * (it reads `pm.*` and the outbox folder): it belongs in every HTTP process, whether or not it runs the managers.
 */
@Module({ controllers: [LettersPdfController, DeliveryFailuresController, DevOutboxController] })
export class ProcessManagersHttpModule {}
