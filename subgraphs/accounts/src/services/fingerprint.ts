import { createHmac } from 'node:crypto';

/**
 * Keyed one-way fingerprints (HMAC-SHA256, hex). Keyed so that a leaked table cannot be reversed by hashing every
 * possible card number (a PAN has too little entropy for a plain hash to protect it).
 */
export class Fingerprinter {
  constructor(private readonly secret: string) {}

  /** Same card, same fingerprint, for every user: the PAN alone is the input. */
  card(pan: string): string {
    return this.hmac(pan);
  }

  /** `identifier` is a normalised IBAN or `US:<routing>:<account>`: neither can collide with a PAN. */
  bankAccount(identifier: string): string {
    return this.hmac(identifier);
  }

  document(country: string, documentNumber: string): string {
    return this.hmac(`kyc-document:${country}:${documentNumber}`);
  }

  private hmac(value: string): string {
    return createHmac('sha256', this.secret).update(value, 'utf8').digest('hex');
  }
}
