#!/usr/bin/env bash
# Makes the app icons electron-builder packs from icon.svg (the shield mark on a light tile):
#   icons/<N>x<N>.png  Linux (AppImage, deb) and the 512/1024 masters
#   icon.icns          macOS (dmg)
#   icon.ico           Windows (nsis)
# Needs Debian's librsvg2-bin (rsvg-convert), icoutils (icotool) and python3. The outputs are committed; run
# this again only after icon.svg changed.
set -euo pipefail
cd "$(dirname "$0")"

for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" icon.svg --output "icons/${size}x${size}.png"
done

# ICNS with PNG payloads (macOS 10.7+), each slot with its own rendering: 'icp4' 16, 'icp5' 32, 'ic07' 128,
# 'ic08' 256, 'ic09' 512, and the @2x slots 'ic11' 32, 'ic12' 64, 'ic13' 256, 'ic14' 512, 'ic10' 1024.
python3 - <<'PY'
import struct
slots = [(b'icp4', 16), (b'icp5', 32), (b'ic07', 128), (b'ic08', 256), (b'ic09', 512),
         (b'ic11', 32), (b'ic12', 64), (b'ic13', 256), (b'ic14', 512), (b'ic10', 1024)]
body = b''
for kind, size in slots:
    png = open(f'icons/{size}x{size}.png', 'rb').read()
    body += kind + struct.pack('>I', 8 + len(png)) + png
open('icon.icns', 'wb').write(b'icns' + struct.pack('>I', 8 + len(body)) + body)
PY

icotool --create --output icon.ico icons/16x16.png icons/24x24.png icons/32x32.png icons/48x48.png icons/64x64.png icons/128x128.png --raw=icons/256x256.png
