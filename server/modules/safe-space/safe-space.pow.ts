import crypto from 'node:crypto';

/*
 * A hashcash-style proof of work for the anonymous form (docs/SAFE_SPACE.md). The server keeps no
 * state when it hands out a challenge: the challenge is a payload (city, random nonce, expiry, the
 * earliest time a form without a solution is accepted, difficulty) signed with an HMAC. A solution
 * is a number n such that SHA-256("<challenge>:<n>") starts with `bits` zero bits. Single use is
 * enforced when the challenge is spent: its nonce goes into a table until it expires.
 */

export interface Challenge {
  cityId: string;
  nonce: string;
  expiresAt: number;
  /** Without a solution (no JavaScript), the form is accepted only from this time on. */
  notBefore: number;
  bits: number;
}

export type PowCheck =
  | { ok: true; challenge: Challenge; solved: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'too-early' | 'unsolved' };

export interface PowOptions {
  bits: number;
  ttlMs: number;
  /** How long a person without JavaScript must have had the form before sending it. */
  noScriptDelayMs: number;
}

export const DEFAULT_POW: PowOptions = { bits: 16, ttlMs: 60 * 60_000, noScriptDelayMs: 20_000 };

export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    bits += Math.clz32(byte) - 24;
    break;
  }
  return bits;
}

export class ProofOfWork {
  private readonly key: Buffer;

  constructor(
    secret: Buffer,
    public readonly options: PowOptions = DEFAULT_POW,
  ) {
    this.key = Buffer.from(
      crypto.hkdfSync('sha256', secret, Buffer.alloc(0), 'safe-space:proof-of-work', 32),
    );
  }

  private sign(payload: string): string {
    return crypto.createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  issue(cityId: string, now = Date.now()): string {
    const challenge: Challenge = {
      cityId,
      nonce: crypto.randomBytes(16).toString('base64url'),
      expiresAt: now + this.options.ttlMs,
      notBefore: now + this.options.noScriptDelayMs,
      bits: this.options.bits,
    };
    const payload = Buffer.from(JSON.stringify(challenge)).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** Checks signature, city, expiry and the solution (or, without one, the no-script delay). Not single use: see spend. */
  check(token: string, solution: string, cityId: string, now = Date.now()): PowCheck {
    if (token.length > 600 || solution.length > 20) return { ok: false, reason: 'invalid' };
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
      return { ok: false, reason: 'invalid' };
    let challenge: Challenge;
    try {
      challenge = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Challenge;
    } catch {
      return { ok: false, reason: 'invalid' };
    }
    if (challenge.cityId !== cityId) return { ok: false, reason: 'invalid' };
    if (!(challenge.expiresAt > now)) return { ok: false, reason: 'expired' };
    if (solution === '') {
      return now >= challenge.notBefore
        ? { ok: true, challenge, solved: false }
        : { ok: false, reason: 'too-early' };
    }
    if (!/^\d{1,20}$/.test(solution)) return { ok: false, reason: 'unsolved' };
    const hash = crypto.createHash('sha256').update(`${token}:${solution}`).digest();
    if (leadingZeroBits(hash) < challenge.bits) return { ok: false, reason: 'unsolved' };
    return { ok: true, challenge, solved: true };
  }
}

/** Finds a solution (tests and the seeder; the browser does the same in /p/assets/pow.js). */
export function solve(token: string, bits: number): string {
  for (let n = 0; ; n++) {
    const hash = crypto.createHash('sha256').update(`${token}:${n}`).digest();
    if (leadingZeroBits(hash) >= bits) return String(n);
  }
}

/** The browser's side, served as /p/assets/pow.js (same origin: the CSP allows no inline script). */
export const POW_SCRIPT = `(function(){var f=document.getElementById('ss-form');var st=document.getElementById('ss-pow');
if(!f||!st||!window.crypto||!crypto.subtle||!window.TextEncoder)return;
var tok=f.elements.challenge.value,bits=+f.getAttribute('data-bits'),out=f.elements.solution,enc=new TextEncoder(),n=0,done=false;
function lz(b){var c=0;for(var i=0;i<b.length;i++){var x=b[i];if(x===0){c+=8;continue}while((x&128)===0){c++;x<<=1}break}return c}
function step(){var k=0;(function next(){crypto.subtle.digest('SHA-256',enc.encode(tok+':'+n)).then(function(h){
if(lz(new Uint8Array(h))>=bits){out.value=String(n);done=true;st.textContent=st.getAttribute('data-done');return}
n++;if(++k<400)next();else setTimeout(step,0)})})()}
st.textContent=st.getAttribute('data-working');step();
f.addEventListener('submit',function(e){if(done)return;e.preventDefault();st.textContent=st.getAttribute('data-wait');
var i=setInterval(function(){if(done){clearInterval(i);f.submit()}},200)});})();
`;
