#!/usr/bin/env bash
# The image-to-image benchmarks' CUDA variant (issue 14), prepared here and run on a GPU machine in one short call.
#
#   bash tests/GenService.Benchmarks/image-to-image-on-gpu.sh pack
#       Here: a self-contained linux-x64 publish of the benchmark without the CPU libtorch (the GPU machine
#       brings PyTorch's), with python3-skimage's seven photos (srresnet's dataset and the inputs) and
#       Fashion-MNIST's four files (pix2pix, sr-quality's feature network), as .artifacts/gpu-image-to-image.tar.xz
#       (under the device tool's 64 MiB).
#   bash tests/GenService.Benchmarks/image-to-image-on-gpu.sh run
#       On the GPU machine (the device tool with carry [".artifacts/gpu-image-to-image.tar.xz"]): unpacks, loads the
#       machine's PyTorch libtorch (or TORCH_LIB), and runs `super-resolve`, `pix2pix` and, when the program
#       knows it, `sr-quality`, each at its defaults, writing each report to $OUT (the pix2pix grid too).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$root/.artifacts/gpu-image-to-image.tar.xz
photos=/usr/lib/python3/dist-packages/skimage/data
fashion=/usr/share/datasets/fashion-mnist

case "${1:-}" in
pack)
    work=$(mktemp -d)
    dotnet publish "$root/tests/GenService.Benchmarks" -c Release -r linux-x64 --self-contained -o "$work/gpu-i2i" >/dev/null
    rm -f "$work"/gpu-i2i/{libtorch,libc10,libgomp,libshm,libbackend_with_compiler}*.so*
    mkdir "$work/gpu-i2i/photos" "$work/gpu-i2i/fashion-mnist"
    cp "$photos"/{astronaut.png,camera.png,chelsea.png,coffee.png,motorcycle_left.png,motorcycle_right.png,rocket.jpg} "$work/gpu-i2i/photos/"
    cp "$fashion"/*-ubyte.gz "$work/gpu-i2i/fashion-mnist/"
    mkdir -p "$(dirname "$archive")"
    tar -C "$work" -cJf "$archive" gpu-i2i
    rm -rf "$work"
    ls -l "$archive"
    ;;
run)
    work=$(mktemp -d)
    tar -C "$work" -xJf "$archive"
    torch_lib=${TORCH_LIB:-$(python3 -c 'import os, torch; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')}
    out=${OUT:-$root/.artifacts}
    mkdir -p "$out"
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
    cd "$work/gpu-i2i"
    # The program and the service read Fashion-MNIST from the Debian package's folder.
    if [ ! -d "$fashion" ]; then
        mkdir -p "$(dirname "$fashion")"
        ln -s "$work/gpu-i2i/fashion-mnist" "$fashion"
    fi
    export Torch__LibTorchDirectory=$torch_lib
    ./GenService.Benchmarks super-resolve --photos ./photos | tee "$out/gpu-super-resolve.md"
    ./GenService.Benchmarks pix2pix --output "$out" | tee "$out/gpu-pix2pix.md"
    # An unknown command would run the default benchmark instead: run sr-quality only when the program names it
    # (.NET keeps string literals as UTF-16).
    if python3 -c "import sys; sys.exit('sr-quality'.encode('utf-16-le') not in open('GenService.Benchmarks.dll', 'rb').read())"; then
        ./GenService.Benchmarks sr-quality | tee "$out/gpu-sr-quality.md"
    else
        echo "sr-quality: not in this build, skipped" | tee "$out/gpu-sr-quality.md"
    fi
    rm -rf "$work"
    ;;
*)
    echo "usage: $0 pack | run" >&2
    exit 2
    ;;
esac
