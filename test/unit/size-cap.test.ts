import { describe, expect, it } from 'vitest';
import { capResponse, TooLarge } from '../../src/api/size-cap';

const body = (n: number) => new Blob([new Uint8Array(n)]).stream();

describe('capResponse', () => {
  it('reads a body whose declared length is within the cap', async () => {
    const res = capResponse(new Response(body(1000), { headers: { 'content-length': '1000' } }), 1000);
    expect((await res.arrayBuffer()).byteLength).toBe(1000);
  });

  it('refuses at once a declared length over the cap', () => {
    expect(() => capResponse(new Response(body(10), { headers: { 'content-length': '2000' } }), 1000)).toThrow(TooLarge);
  });

  it('counts a body without a declared length as it arrives', async () => {
    const res = capResponse(new Response(body(5000)), 1000);
    await expect(res.arrayBuffer()).rejects.toBeInstanceOf(TooLarge);
  });

  it('counts a compressed body, whose declared length says nothing about the decoded bytes', async () => {
    const res = capResponse(new Response(body(5000), { headers: { 'content-length': '100', 'content-encoding': 'gzip' } }), 1000);
    await expect(res.arrayBuffer()).rejects.toBeInstanceOf(TooLarge);
  });
});
