import jsQR from 'jsqr';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseApplicationQr, type ApplicationQr } from './application-qr';

function decode(image: ImageData): ApplicationQr | undefined {
  const code = jsQR(image.data, image.width, image.height);
  return code ? parseApplicationQr(code.data) : undefined;
}

function pixelsOf(source: CanvasImageSource, width: number, height: number): ImageData {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.drawImage(source, 0, 0, width, height);
  return context.getImageData(0, 0, width, height);
}

/** The application form's QR code from an image file or the camera (jsQR, all in the renderer). */
export function QrReferenceInput({ onFound }: { onFound(qr: ApplicationQr): void }) {
  const { t } = useTranslation('cabinet');
  const id = useId();
  const video = useRef<HTMLVideoElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [stream, setStream] = useState<MediaStream>();
  const [message, setMessage] = useState<{ tone: 'success' | 'notice'; text: string }>();

  const found = (qr: ApplicationQr | undefined) => {
    if (qr) {
      setMessage({ tone: 'success', text: t('newKey.qrFound', { reference: qr.reference }) });
      onFound(qr);
    } else setMessage({ tone: 'notice', text: t('newKey.qrNotFound') });
    return qr;
  };

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    try {
      const bitmap = await createImageBitmap(file);
      found(decode(pixelsOf(bitmap, bitmap.width, bitmap.height)));
    } catch {
      found(undefined);
    }
  };

  const stop = () => {
    stream?.getTracks().forEach((track) => track.stop());
    setStream(undefined);
  };
  const start = async () => {
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }));
    } catch {
      setMessage({ tone: 'notice', text: t('newKey.cameraUnavailable') });
    }
  };

  useEffect(() => {
    if (!stream || !video.current) return;
    const element = video.current;
    element.srcObject = stream;
    void element.play();
    let frame = 0;
    const scan = () => {
      if (element.videoWidth > 0) {
        const qr = decode(pixelsOf(element, element.videoWidth, element.videoHeight));
        if (qr) {
          found(qr);
          stream.getTracks().forEach((track) => track.stop());
          setStream(undefined);
          return;
        }
      }
      frame = requestAnimationFrame(scan);
    };
    frame = requestAnimationFrame(scan);
    return () => cancelAnimationFrame(frame);
  }, [stream]);
  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);

  return (
    <div>
      <div className="toolbar">
        <button type="button" onClick={() => fileInput.current?.click()}>{t('newKey.qrFile')}</button>
        <input ref={fileInput} id={`${id}-file`} type="file" accept="image/*" hidden onChange={(event) => void onFile(event.target.files?.[0])} data-testid="qr-file" />
        {stream ? (
          <button type="button" onClick={stop}>{t('newKey.qrStop')}</button>
        ) : (
          <button type="button" onClick={() => void start()} data-testid="qr-camera">{t('newKey.qrCamera')}</button>
        )}
      </div>
      {stream ? <video ref={video} className="qr-video" muted playsInline aria-label={t('newKey.qrCamera')} /> : null}
      {message ? <p className={message.tone} role="status" data-testid="qr-message">{message.text}</p> : null}
    </div>
  );
}
