import type { Handler } from '../../../preload/contract/api';
import type { cabinetChannels } from '../../../preload/contract/domains/cabinet';
import type { CabinetService } from './cabinet-service';

type CabinetHandlers = { [C in keyof typeof cabinetChannels]: Handler<C> };

/** The `cabinet:*` channels over the CabinetService. Secrets arrive here once and go no further than the key. */
export function createCabinetHandlers(cabinet: CabinetService): CabinetHandlers {
  return {
    'cabinet:list': () => cabinet.list(),
    'cabinet:certificate': ({ keyId }) => cabinet.certificate(keyId),
    'cabinet:request': ({ keyId }) => cabinet.request(keyId),
    'cabinet:exportCertificates': ({ keyId, folder, formats }) => cabinet.exportCertificates(keyId, folder, formats),
    'cabinet:checkStatus': ({ keyId }) => cabinet.checkStatus(keyId),
    'cabinet:renew': ({ keyId, secret }) => cabinet.renew(keyId, secret),
    'cabinet:setBlocked': ({ keyId, blocked }) => cabinet.setBlocked(keyId, blocked),
    'cabinet:block': ({ keyId, secret }) => cabinet.block(keyId, secret),
    'cabinet:setCaProfile': ({ keyId, profileId }) => cabinet.setCaProfile(keyId, profileId),
    'cabinet:changeSecret': ({ keyId, oldSecret, newSecret }) => cabinet.changeSecret(keyId, oldSecret, newSecret),
    'cabinet:testSign': ({ keyId, secret }) => cabinet.testSign(keyId, secret),
    'cabinet:createAccessToken': ({ keyId, label }) => cabinet.createAccessToken(keyId, label),
    'cabinet:listAccessTokens': ({ keyId }) => cabinet.listAccessTokens(keyId),
    'cabinet:revokeAccessToken': ({ tokenId }) => cabinet.revokeAccessToken(tokenId),
    'cabinet:detectTokens': () => cabinet.detectTokens(),
    'cabinet:tokenKeys': ({ tokenLabel, pin }) => cabinet.tokenKeys(tokenLabel, pin),
    'cabinet:addKey': (input) => cabinet.addKey(input),
    'cabinet:previewValidity': ({ parentId, period }) => cabinet.previewValidity(parentId, period),
    'cabinet:makeTemporaryKey': (input) => cabinet.makeTemporaryKey(input),
    'cabinet:sendRequest': (input) => cabinet.sendRequest(input),
    'cabinet:newKeyRequest': (input) => cabinet.newKeyRequest(input),
    'cabinet:bindCertificate': (input) => cabinet.bindCertificate(input),
    'cabinet:changeTokenPin': ({ tokenLabel, oldPin, newPin }) => cabinet.changeTokenPin(tokenLabel, oldPin, newPin),
    'cabinet:enroll': (input) => cabinet.enroll(input),
    'cabinet:confirmEnrollment': ({ keyId, accept }) => cabinet.confirmEnrollment(keyId, accept),
    'cabinet:enrollmentTarget': (input) => cabinet.enrollmentTarget(input),
  };
}
