/**
 * The answer to a connection's first offer made the DTLS server: its `a=setup:active` lines become `a=setup:passive`,
 * where the offer left the choice to the answerer (`actpass` throughout); `null` where there is nothing to change.
 *
 * RFC 5763 section 5 recommends `active` so that the handshake overlaps the answer's trip. Between browsers it cannot:
 * the offerer's ICE needs the answer's credentials, so it answers no check and passes no DTLS before the answer is
 * applied, while the answerer's ICE is up as soon as the offerer's checks reach it. An active answerer's ClientHellos
 * then go unanswered and DTLS's doubling retransmission timer decides when the call starts (the first frames came up
 * to 600 ms after ICE in bench/call-setup). A passive answerer leaves the first flight to the offerer, which sends it
 * the moment its own ICE is up.
 */
export function asPassiveAnswer(offerSdp: string, answerSdp: string): string | null {
  const offered = offerSdp.match(/^a=setup:\w+/gm) ?? [];
  if (offered.length === 0 || offered.some((line) => line !== 'a=setup:actpass') || !/^a=setup:active/m.test(answerSdp)) {
    return null;
  }
  return answerSdp.replace(/^a=setup:active/gm, 'a=setup:passive');
}
