// The answer a door person sees, hears and feels: a green or red panel, a beep, a vibration,
// and the same words in an aria-live region for screen readers.
let audio = null;

export function unlockAudio() {
  try {
    if (!audio) { audio = new (window.AudioContext || window.webkitAudioContext)(); }
    if (audio.state === "suspended") { audio.resume(); }
  } catch (error) { audio = null; }
}

function beep(good) {
  if (!audio || audio.state !== "running") { return; }
  // One high tone for yes, two low ones for no: told apart without looking.
  const tones = good ? [[880, 0, 0.15]] : [[220, 0, 0.18], [220, 0.25, 0.18]];
  for (const [frequency, start, length] of tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.value = 0.2;
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(audio.currentTime + start);
    oscillator.stop(audio.currentTime + start + length);
  }
}

export function show(elements, answer) {
  const panel = elements.result;
  panel.hidden = false;
  panel.classList.toggle("scan-ok", answer.good);
  panel.classList.toggle("scan-bad", !answer.good);
  panel.dataset.status = answer.status;
  panel.dataset.offline = answer.offline ? "true" : "false";
  elements.status.textContent = answer.text;
  elements.name.textContent = answer.name || "";
  elements.details.textContent = answer.details || "";
  elements.extra.textContent = answer.extra || "";
  elements.live.textContent = [answer.text, answer.name, answer.details].filter(Boolean).join(". ");
  beep(answer.good);
  if (navigator.vibrate) { navigator.vibrate(answer.good ? 150 : [90, 60, 90, 60, 90]); }
}
