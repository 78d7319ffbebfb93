import { useEffect, useState } from 'react';
import { Image } from 'antd';
import { send } from '../../api/http';

/**
 * A visit photo read from `GET /api/maintenance/photos/{sha256}`. The API wants the bearer token, which an `<img src>`
 * cannot send, so the bytes are fetched and shown from an object URL (released when the thumbnail goes away).
 */
export function PhotoThumb({ sha256, alt }: { sha256: string; alt: string }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let gone = false;
    let made: string | undefined;
    send(`/api/maintenance/photos/${sha256}`)
      .then((res) => res.blob())
      .then((blob) => {
        if (gone) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      })
      .catch(() => undefined);
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [sha256]);
  return url ? <Image src={url} alt={alt} width={72} height={72} style={{ objectFit: 'cover' }} data-testid="record-photo" /> : null;
}
