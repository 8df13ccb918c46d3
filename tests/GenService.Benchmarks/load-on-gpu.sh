#!/usr/bin/env bash
# The load benchmark's CUDA variant (issue 4), prepared here and run on a GPU machine in one short call.
#
#   bash tests/GenService.Benchmarks/load-on-gpu.sh pack
#       Here: a self-contained linux-x64 publish of the benchmark without the CPU libtorch (the GPU machine
#       brings PyTorch's), with the five scikit-image photos the model is trained on, as
#       .artifacts/gpu-load.tar.xz (about 48 MiB, under the device tool's 64 MiB).
#   bash tests/GenService.Benchmarks/load-on-gpu.sh run [load options]
#       On the GPU machine (the device tool with carry [".artifacts/gpu-load.tar.xz"]): unpacks, loads the
#       machine's PyTorch libtorch (or TORCH_LIB), and runs `load` twice, in float32 and with
#       Inference__Precision=bf16 and channels-last, writing each report to $OUT.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
archive=$root/.artifacts/gpu-load.tar.xz
photos=/usr/lib/python3/dist-packages/skimage/data

case "${1:-}" in
pack)
    work=$(mktemp -d)
    dotnet publish "$root/tests/GenService.Benchmarks" -c Release -r linux-x64 --self-contained -o "$work/gpu-load" >/dev/null
    rm -f "$work"/gpu-load/{libtorch,libc10,libgomp,libshm,libbackend_with_compiler}*.so*
    mkdir "$work/gpu-load/photos"
    cp "$photos"/{astronaut.png,coffee.png,chelsea.png,rocket.jpg,motorcycle_left.png} "$work/gpu-load/photos/"
    mkdir -p "$(dirname "$archive")"
    tar -C "$work" -cJf "$archive" gpu-load
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
    cd "$work/gpu-load"
    Torch__LibTorchDirectory=$torch_lib ./GenService.Benchmarks load --photos ./photos "$@" | tee "$out/gpu-load-fp32.md"
    Torch__LibTorchDirectory=$torch_lib Inference__Precision=bf16 Inference__ChannelsLast=true \
        ./GenService.Benchmarks load --photos ./photos "$@" | tee "$out/gpu-load-bf16.md"
    rm -rf "$work"
    ;;
*)
    echo "usage: $0 pack | run [load options]" >&2
    exit 2
    ;;
esac
