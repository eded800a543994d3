/**
 * Each call is announced aloud: the browser's speech synthesis with a Chinese voice where the PC
 * has one (zh-CN first, then any zh), a two-tone chime otherwise. Browsers allow sound only after
 * a click on the page, so the display asks for one click when it starts.
 */
import { spokenAnnouncement } from '../../../../base/contract/queue';

export function chineseVoice(): SpeechSynthesisVoice | null {
  if (typeof speechSynthesis === 'undefined') return null;
  const voices = speechSynthesis.getVoices();
  return voices.find((v) => v.lang === 'zh-CN') ?? voices.find((v) => v.lang.toLowerCase().startsWith('zh')) ?? null;
}

let audio: AudioContext | null = null;

/** The chime: two soft tones, as hall calling systems use before a number. */
export function chime(): void {
  audio ??= new AudioContext();
  const ctx = audio;
  [880, 660].forEach((f, i) => {
    const o = ctx.createOscillator();
    const g = ctx.createGain();
    o.frequency.value = f;
    const t0 = ctx.currentTime + i * 0.45;
    g.gain.setValueAtTime(0.0001, t0);
    g.gain.exponentialRampToValueAtTime(0.3, t0 + 0.03);
    g.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.4);
    o.connect(g).connect(ctx.destination);
    o.start(t0);
    o.stop(t0 + 0.42);
  });
}

/** Announces one call; returns how ('voice' or 'chime') for the screen and the tests. */
export function announce(label: string, counter: number): 'voice' | 'chime' {
  const voice = chineseVoice();
  if (!voice) {
    chime();
    return 'chime';
  }
  const u = new SpeechSynthesisUtterance(spokenAnnouncement(label, counter));
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  speechSynthesis.speak(u);
  return 'voice';
}
