// The camera and the QR reader: the browser's BarcodeDetector where it reads QR codes, else the
// vendored ponyfill (ZXing-C++ in WebAssembly, the wasm served by the app, never a CDN).
async function makeDetector(root, wasmUrl) {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        root.dataset.detector = "native";
        return new window.BarcodeDetector({ formats: ["qr_code"] });
      }
    } catch (error) { /* fall through to the ponyfill */ }
  }
  const api = window.BarcodeDetectionAPI;
  api.prepareZXingModule({
    overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmUrl : prefix + path) },
  });
  root.dataset.detector = "ponyfill";
  return new api.BarcodeDetector({ formats: ["qr_code"] });
}

// Reads a frame every frameMs and hands each text found to onCode, one at a time.
export async function startCamera({ video, status, root, wasmUrl, frameMs, failedText, onCode }) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(
      { video: { facingMode: "environment" }, audio: false });
    video.srcObject = stream;
    await video.play();
    const detector = await makeDetector(root, wasmUrl);
    status.hidden = true;
    const frame = async () => {
      if (video.readyState >= 2) {
        try {
          const found = await detector.detect(video);
          if (found.length) { await onCode(found[0].rawValue); }
        } catch (error) {
          console.warn("scan failed", error);
        }
      }
      setTimeout(frame, frameMs);
    };
    frame();
  } catch (error) {
    status.textContent = failedText.replace("{message}", error.message || error.name);
  }
}
