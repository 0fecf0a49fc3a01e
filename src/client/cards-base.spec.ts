import { describe, expect, it } from 'vitest';
import { cardsBase, lessonUrl } from './cards-base';

const here = 'https://stagecraft.example';

describe('cardsBase', () => {
  it('uses the page’s own origin when no address is asked for', () => {
    expect(cardsBase(null, here)).toEqual({ origin: here, problem: null });
    expect(cardsBase('  ', here)).toEqual({ origin: here, problem: null });
  });

  it('takes a class server’s LAN address, with or without the scheme', () => {
    expect(cardsBase('http://192.168.1.20:8080', here)).toEqual({ origin: 'http://192.168.1.20:8080', problem: null });
    expect(cardsBase('http://192.168.1.20:8080/', here)).toEqual({ origin: 'http://192.168.1.20:8080', problem: null });
    expect(cardsBase('192.168.1.20:8080', here)).toEqual({ origin: 'http://192.168.1.20:8080', problem: null });
    expect(cardsBase('laptop.local:8080', here)).toEqual({ origin: 'http://laptop.local:8080', problem: null });
    expect(cardsBase('https://course.example', here)).toEqual({ origin: 'https://course.example', problem: null });
  });

  it('keeps only the origin of an address with a path, and says so', () => {
    const b = cardsBase('http://10.0.0.5:8080/lessons/stages/', here);
    expect(b.origin).toBe('http://10.0.0.5:8080');
    expect(b.problem).toMatch(/root of its address/);
  });

  it('refuses what a browser cannot open, falling back to the page’s origin', () => {
    expect(cardsBase('javascript:alert(1)', here)).toEqual({ origin: here, problem: expect.stringMatching(/not an http or https address/) });
    expect(cardsBase('ftp://files.example', here)).toEqual({ origin: here, problem: expect.stringMatching(/not an http or https address/) });
    expect(cardsBase('http://exa mple', here)).toEqual({ origin: here, problem: expect.stringMatching(/not an address/) });
  });
});

describe('lessonUrl', () => {
  it('puts the lesson’s path after the origin', () => {
    expect(lessonUrl('http://192.168.1.20:8080', '/lessons/stages/')).toBe('http://192.168.1.20:8080/lessons/stages/');
  });
});
