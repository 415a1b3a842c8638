import type { IdentifierLinks } from '../../graph/identifier-links.js';
import type { ListedSet } from '../../graph/listed.js';

/**
 * `identifier_listed`: 1 when the transaction's device, phone or IP is listed, or when any
 * account seen with one of them (the sender included) is a listed account. An identifier used
 * by more than `maxDegree` accounts (a shared office IP, a carrier gateway) is not walked, and
 * the search counts as truncated. Free while nothing is listed.
 */
export class SharedIdentifiers {
  /** Whether the last `listed` call was cut by a cap. */
  cut = false;

  constructor(
    private readonly links: IdentifierLinks,
    private readonly listed: ListedSet,
    private readonly maxDegree: number,
  ) {}

  /**
   * 1 or 0 for the identifiers of dense ids `device`, `phone`, `ip` (-1 when absent) with
   * their values (checked against listed identifiers).
   */
  listedFor(device: number, deviceValue: string | undefined, phone: number, phoneValue: string | undefined, ip: number, ipValue: string | undefined): number {
    this.cut = false;
    const l = this.listed;
    if (l.identifierCount > 0) {
      if (deviceValue && l.isIdentifierListed('device', deviceValue)) return 1;
      if (phoneValue && l.isIdentifierListed('phone', phoneValue)) return 1;
      if (ipValue && l.isIdentifierListed('ip', ipValue)) return 1;
    }
    if (l.accountCount === 0) return 0;
    return this.accountListed(device) || this.accountListed(phone) || this.accountListed(ip) ? 1 : 0;
  }

  private accountListed(ident: number): boolean {
    if (ident === -1) return false;
    const links = this.links;
    if (links.accountCount(ident) > this.maxDegree) {
      this.cut = true;
      return false;
    }
    for (let x = links.head[ident]; x !== -1; x = links.linkNext[x]) {
      if (this.listed.isAccountListed(links.linkAccount[x])) return true;
    }
    return false;
  }
}
