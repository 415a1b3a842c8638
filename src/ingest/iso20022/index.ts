/** ISO 20022 in: Tazama's JSON dialect (and XML) of pain.001, pain.013, pacs.008 and pacs.002. */
export { MESSAGE_TYPES, ROOT, SCHEMAS, ISO_SCHEMAS, TX_STATUS_CODES, isMessageType, type MessageType } from './messages.js';
export { validateMessage, detectMessageType, type ValidMessage, type MessageResult, type FieldError, type Profile } from './validate.js';
export { toPaymentMessage, toTransaction, amountField, type PaymentMessage, type PaymentFacts, type TransferFacts } from './map.js';
export { requiredPaths, toJsonSchema } from './schema.js';
export { parseXmlMessage, XML_CONTENT_TYPES, type XmlMessage } from './xml.js';
