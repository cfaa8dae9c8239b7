import { Get, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { validateSiret } from '@peps/domain';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { formLines, formText, representativeBody, representativeInputOfApi, representativeView, REPRESENTATIVE_INPUTS } from '../legal-representative-form.js';

const ACTION = '/drs/etablissements/nouveau';

/** The form's values as typed, kept when the page comes back with errors. */
function formValues(body: Record<string, unknown>) {
  const keys = ['name', 'siret', ...REPRESENTATIVE_INPUTS, 'adminCivility', 'adminLastName', 'adminFirstName', 'adminEmail', 'adminEmailConfirmation', 'adminPhone', 'adminAddress'];
  return Object.fromEntries(keys.map((k) => [k, formText(body[k], k.endsWith('ddress') ? 1000 : 300)])) as Record<string, string>;
}

/** The API's field names → the form's inputs. */
const fieldOfApi: Record<string, string> = {
  name: 'name', siret: 'siret', ...representativeInputOfApi,
  'firstAdministrator.civility': 'adminCivility', 'firstAdministrator.lastName': 'adminLastName', 'firstAdministrator.firstName': 'adminFirstName',
  'firstAdministrator.email': 'adminEmail', 'firstAdministrator.emailConfirmation': 'adminEmailConfirmation', 'firstAdministrator.phone': 'adminPhone', 'firstAdministrator.professionalAddress': 'adminAddress',
};

const context = (values: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  title: 'Inscrire un établissement',
  action: ACTION,
  values,
  ...representativeView(values),
  adminMadame: values.adminCivility === 'madame',
  adminMonsieur: values.adminCivility === 'monsieur',
  ...extra,
});

/** « Inscrire un établissement » for the DRS: the employer, its legal representative and its first administrator. */
@PageController('drs/etablissements')
export class DrsRegisterEmployerPage {
  @Get('nouveau')
  form(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'drs')) return;
    return page(req, res, 'drs-register-employer', context(formValues({ repCivility: '', adminCivility: '' })));
  }

  @Post('nouveau')
  async register(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'drs')) return;
    const values = formValues((req.body ?? {}) as Record<string, unknown>);
    if (!checkFormToken(req)) return page(req, res, 'drs-register-employer', context(values, { error: 'Votre formulaire a expiré. Recommencez.' }), 403);
    // The SIRET is checked as typed (spaces allowed) before anything is sent: the same rule as the API's.
    const siret = validateSiret(values.siret);
    if (!siret.ok) return page(req, res, 'drs-register-employer', context(values, { errors: { siret: siret.errors[0].message }, error: 'Le formulaire comporte des erreurs.' }), 400);
    const body = {
      name: values.name,
      siret: values.siret,
      legalRepresentative: representativeBody(values),
      firstAdministrator: {
        profile: 'administrator',
        civility: values.adminCivility,
        lastName: values.adminLastName,
        firstName: values.adminFirstName,
        email: values.adminEmail,
        emailConfirmation: values.adminEmailConfirmation,
        phone: values.adminPhone.trim() || null,
        ...(values.adminAddress.trim() ? { professionalAddress: formLines(values.adminAddress) } : {}),
      },
    };
    const answer = await callApi(req, 'POST', '/establishments', { body });
    if (answer.status === 201) {
      const admin = (answer.body as { firstAdministrator?: { identifier?: string } }).firstAdministrator;
      setFlash(req, res, { kind: 'success', message: `L'établissement ${values.name.trim()} est inscrit ; son premier administrateur a l'identifiant ${admin?.identifier ?? ''} et reçoit un courriel pour créer son mot de passe.` });
      return res.redirect('/drs/inscriptions', 303);
    }
    if (needsStepUp(answer)) return renderStepUp(req, res, answer, { action: ACTION, fields: req.body, cancel: ACTION });
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, "L'établissement");
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(fieldErrors(answer.body))) {
      const input = fieldOfApi[field] ?? (field.startsWith('firstAdministrator.') ? 'adminLastName' : undefined);
      if (input && !errors[input]) errors[input] = message;
    }
    return page(req, res, 'drs-register-employer', context(values, { errors, error: apiMessage(answer, "L'établissement n'a pas pu être inscrit.") }), answer.status >= 400 && answer.status < 500 ? answer.status : 502);
  }
}
