#!/usr/bin/env bash
# The textgan benchmark's CUDA variant (issue 16), prepared here and run on a GPU machine in one short call. Not run
# yet: no GPU was lent to the task that wrote it.
#
#   bash tests/GenService.Benchmarks/text-to-image-on-gpu.sh pack
#       Here: a self-contained linux-x64 publish of the benchmark without the CPU libtorch (the GPU machine brings
#       PyTorch's), with Fashion-MNIST's test split and first 20,000 training images (the captions are written from
#       them as the service's built-in import writes them), as .artifacts/gpu-text-to-image.tar.xz (under the device
#       tool's 64 MiB).
#   bash tests/GenService.Benchmarks/text-to-image-on-gpu.sh run [textgan option ...]
#       On the GPU machine (the device tool with carry [".artifacts/gpu-text-to-image.tar.xz"]): unpacks, loads the
#       machine's PyTorch libtorch (or TORCH_LIB), and runs `textgan` at its defaults (3000 steps, 10,000 captioned
#       training images, 1000 held out) with the options given (e.g. --steps 20000 --train-images 20000), writing the
#       report to $OUT/gpu-textgan.md and the grids into $OUT/gpu-textgan-figures.tar.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$root/.artifacts/gpu-text-to-image.tar.xz
fashion=/usr/share/datasets/fashion-mnist
train_images=20000

case "${1:-}" in
pack)
    work=$(mktemp -d)
    dotnet publish "$root/tests/GenService.Benchmarks" -c Release -r linux-x64 --self-contained -o "$work/gpu-t2i" >/dev/null
    rm -f "$work"/gpu-t2i/{libtorch,libc10,libgomp,libshm,libbackend_with_compiler}*.so*
    mkdir "$work/gpu-t2i/fashion-mnist"
    cp "$fashion"/t10k-*-ubyte.gz "$work/gpu-t2i/fashion-mnist/"
    # The whole training split (26 MB compressed) would not fit beside the program: its first $train_images images.
    python3 - "$fashion" "$work/gpu-t2i/fashion-mnist" "$train_images" <<'PY'
import gzip, struct, sys
source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (("train-images-idx3-ubyte.gz", 28 * 28), ("train-labels-idx1-ubyte.gz", 1)):
    data = gzip.open(f"{source}/{name}").read()
    header = 16 if item > 1 else 8
    fields = list(struct.unpack(">" + "I" * (header // 4), data[:header]))
    fields[1] = count
    with gzip.open(f"{target}/{name}", "wb") as out:
        out.write(struct.pack(">" + "I" * len(fields), *fields) + data[header:header + count * item])
PY
    mkdir -p "$(dirname "$archive")"
    tar -C "$work" -cJf "$archive" gpu-t2i
    rm -rf "$work"
    ls -l "$archive"
    ;;
run)
    shift
    work=$(mktemp -d)
    tar -C "$work" -xJf "$archive"
    torch_lib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
    out=${OUT:-$root/.artifacts}
    mkdir -p "$out"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
    cd "$work/gpu-t2i"
    # The program reads Fashion-MNIST from the Debian package's folder.
    if [ ! -d "$fashion" ]; then
        mkdir -p "$(dirname "$fashion")"
        ln -s "$work/gpu-t2i/fashion-mnist" "$fashion"
    fi
    export Torch__LibTorchDirectory=$torch_lib
    figures=$work/figures
    mkdir "$figures"
    ./GenService.Benchmarks textgan --output "$figures" "$@" | tee "$out/gpu-textgan.md"
    tar -C "$figures" -cf "$out/gpu-textgan-figures.tar" .
    rm -rf "$work"
    ;;
*)
    echo "usage: $0 pack | run [textgan option ...]" >&2
    exit 2
    ;;
esac
