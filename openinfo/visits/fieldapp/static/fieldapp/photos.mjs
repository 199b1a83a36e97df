// Photos are shrunk on the phone before they are stored or sent: longest side at most 1600 px,
// re-encoded as JPEG (which also drops the camera's EXIF; the server strips it again anyway).
export const MAX_SIDE = 1600;
export const MAX_INPUT_BYTES = 40 * 1024 * 1024;
export const MAX_INPUT_PIXELS = 120_000_000;

export class PhotoError extends Error {}

export function targetSize(width, height, maxSide = MAX_SIDE) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(file) {
  try {
    return await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new PhotoError(`“${file.name}” bukan foto yang bisa dibaca (gunakan JPEG, PNG atau WebP).`);
  }
}

export async function shrink(file, maxSide = MAX_SIDE) {
  if (!file.type || !/^image\/(jpeg|png|webp|heic|heif)$/.test(file.type)) {
    throw new PhotoError(`“${file.name}” bukan foto (JPEG, PNG atau WebP).`);
  }
  if (file.size > MAX_INPUT_BYTES) {
    throw new PhotoError(`“${file.name}” terlalu besar (${Math.round(file.size / 1048576)} MB; maks. 40 MB).`);
  }
  const bitmap = await decode(file);
  if (bitmap.width * bitmap.height > MAX_INPUT_PIXELS) {
    bitmap.close();
    throw new PhotoError(`“${file.name}” terlalu banyak piksel untuk diproses di ponsel.`);
  }
  const size = targetSize(bitmap.width, bitmap.height, maxSide);
  let canvas;
  let context;
  if (typeof OffscreenCanvas === "function") {
    canvas = new OffscreenCanvas(size.width, size.height);
  } else {
    canvas = document.createElement("canvas");
    canvas.width = size.width;
    canvas.height = size.height;
  }
  context = canvas.getContext("2d");
  context.imageSmoothingQuality = "high";
  context.drawImage(bitmap, 0, 0, size.width, size.height);
  bitmap.close();
  const blob = canvas.convertToBlob
    ? await canvas.convertToBlob({ type: "image/jpeg", quality: 0.82 })
    : await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.82));
  if (!blob) throw new PhotoError(`“${file.name}” tidak dapat diperkecil di ponsel ini.`);
  return { blob, width: size.width, height: size.height, name: file.name.replace(/\.[^.]+$/, "") + ".jpg" };
}
