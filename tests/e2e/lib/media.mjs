// Small files made on the spot, for uploads: a real PNG picture, the start of a WebM video
// (enough for the server to recognise it by content; not a video a browser can play), captions, and
// a one-page PDF.

import { crc32, deflateSync } from 'node:zlib';

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A `width` × `height` PNG (8-bit RGB), in two colours split down the middle. */
export function tinyPng(width = 8, height = 4, left = [11, 107, 91], right = [194, 102, 15]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = [0]; // filter: none
    for (let x = 0; x < width; x++) row.push(...(x < width / 2 ? left : right));
    rows.push(Buffer.from(row));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An EBML header whose DocType is `webm`, then filler: the server takes it as a WebM video. */
export function webmHeader(size = 2048) {
  const head = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x87, 0x42, 0x82, 0x84, ...Buffer.from('webm')]);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length))]);
}

/** A WebVTT captions file of two cues, each line one of `lines`. */
export function webvtt(lines = ['Bonjour et bienvenue.', 'Nous partons sur le terrain.']) {
  const cues = lines.map((line, i) => `${i + 1}\n00:00:0${2 * i}.000 --> 00:00:0${2 * i + 2}.000\n${line}\n`);
  return `WEBVTT\n\n${cues.join('\n')}`;
}

/** A one-page PDF document with `text` on it (its header is what the server recognises). */
export function tinyPdf(text = 'Ordre du jour') {
  const stream = `BT /F1 18 Tf 40 100 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
