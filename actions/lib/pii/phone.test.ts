import { describe, expect, it } from 'vitest';
import {
  getCountries,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
} from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { mayBeValidIn, parsePhone, possiblePhone, validPhone } from './phone.js';

describe('validPhone', () => {
  it("answers as libphonenumber-js's isValid, in every country's plan", () => {
    // Each country's example mobile number with digits changed, one added or one dropped,
    // written internationally and nationally: valid and invalid numbers of every plan.
    let seed = 1;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const digit = () => String(Math.floor(random() * 10));
    let valid = 0;
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      for (let k = 0; k < 20; k++) {
        let national = [...example.nationalNumber]
          .map((d) => (random() < 0.3 ? digit() : d))
          .join('');
        const change = random();
        if (change < 0.2) national += digit();
        else if (change < 0.4) national = national.slice(0, -1);
        for (const text of [`+${example.countryCallingCode}${national}`, `0${national}`]) {
          const n = parsePhoneNumberFromString(text, country as CountryCode);
          if (!n) continue;
          checked++;
          if (n.isValid()) valid++;
          expect(validPhone(n), text).toBe(n.isValid());
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
    expect(valid).toBeGreaterThan(1000);
  });

  it('mayBeValidIn says no only to digits that no national parse of the region makes valid', () => {
    // Every country's example mobile number with digits changed, written with a trunk 0,
    // without, with the calling code and after the international prefix 00, parsed as a
    // national number of its own country and of four others.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const digit = () => String(Math.floor(random() * 10));
    const countries = getCountries();
    let valid = 0;
    let refused = 0;
    for (const country of countries) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const national = [...example.nationalNumber]
        .map((d) => (random() < 0.2 ? digit() : d))
        .join('');
      const cc = example.countryCallingCode;
      const regions = [
        country,
        ...[0, 1, 2, 3].map(() => countries[Math.floor(random() * countries.length)]!),
      ];
      for (const digits of [`0${national}`, national, `${cc}${national}`, `00${cc}${national}`]) {
        for (const region of regions) {
          const n = parsePhoneNumberFromString(digits, region);
          const may = mayBeValidIn(digits, region);
          if (n && validPhone(n)) {
            valid++;
            expect(may, `${digits} in ${region}`).toBe(true);
          } else if (!may) refused++;
        }
      }
    }
    expect(valid).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(1000);
    // A German mobile number is no British number: the British parse is skipped.
    expect(mayBeValidIn('015123456789', 'GB')).toBe(false);
    expect(mayBeValidIn('015123456789', 'DE')).toBe(true);
  });

  it("parsePhone reads every number as libphonenumber-js's parse does, in every plan", () => {
    // Every country's example mobile number with digits changed, added or dropped,
    // written as people write them (with `+`, a trunk 0, the calling code without `+`, an
    // international prefix, grouped or not), parsed with no region, the country's own, an
    // unknown one and two others: the same country, calling code, national number, possibility, validity.
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const digit = () => String(Math.floor(random() * 10));
    const countries = getCountries();
    const pick = () => countries[Math.floor(random() * countries.length)]!;
    const group = (s: string) => {
      const sep = [' ', '-', '.', ''][Math.floor(random() * 4)]!;
      return sep ? s.replace(/([0-9]{3})(?=[0-9]{3})/g, `$1${sep}`) : s;
    };
    let compared = 0;
    let valid = 0;
    const seen = new Set<string>();
    for (const country of countries) {
      {
        const example = getExampleNumber(country, examples);
        if (!example) continue;
        const cc = example.countryCallingCode;
        for (let k = 0; k < 4; k++) {
          // Half of them keep the leading digits (valid numbers), half change any digit.
          let national = [...example.nationalNumber]
            .map((d, i) => (random() < (k % 2 && i > 2 ? 0.5 : 0.25) ? digit() : d))
            .join('');
          const change = random();
          if (change < 0.2) national += digit();
          else if (change < 0.4) national = national.slice(0, -1);
          const texts = [
            `+${cc}${national}`,
            `+${cc} ${group(national)}`,
            `+${cc} (0) ${group(national)}`,
            `0${national}`,
            `(0${national.slice(0, 2)}) ${group(national.slice(2))}`,
            national,
            `${cc}${national}`,
            `00${cc}${national}`,
            `011${cc}${national}`,
          ];
          for (const text of texts) {
            for (const region of [undefined, country, 'XX', pick(), pick()]) {
              const key = `${text}|${region}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const expected = parsePhoneNumberFromString(text, region as CountryCode);
              const actual = parsePhone(text, region);
              compared++;
              if (!expected) {
                expect(actual, key).toBeUndefined();
                continue;
              }
              expect(actual, key).toEqual({
                country: expected.country,
                countryCallingCode: expected.countryCallingCode,
                nationalNumber: expected.nationalNumber,
              });
              expect(possiblePhone(actual!), key).toBe(expected.isPossible());
              if (validPhone(expected)) valid++;
            }
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(40_000);
    expect(valid).toBeGreaterThan(7_000);
  });
});
