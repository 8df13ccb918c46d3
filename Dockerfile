# syntax=docker/dockerfile:1
# GenService: build with the .NET 10 SDK, run on the ASP.NET Core 10 runtime image.
#
#   docker build -t genservice .
#   docker run -p 8080:8080 -v genservice-data:/data genservice     # SQLite + in-memory job queue
#   docker compose up -d                                            # with PostgreSQL (docker-compose.yml)
#   docker build --target gpu -t genservice-gpu .                   # with a CUDA libtorch (see the gpu stage)
#
# Native libraries, and why the runtime image needs nothing extra for them:
#   * The .NET 10 images are Ubuntu 24.04 "noble" by default (no Debian images are shipped for
#     .NET 10). Noble has glibc 2.39 and the GCC 14 libstdc++ (GLIBCXX_3.4.33, CXXABI_1.3.15).
#   * TorchSharp's libLibTorchSharp.so needs GLIBC_2.34, GLIBCXX_3.4.32 and CXXABI_1.3.13: noble has
#     them, so it loads as shipped (the ELF patch in TorchRuntime only runs on older hosts such as
#     Debian 12, and then writes to Torch__NativeCacheDirectory, which is set to a writable place).
#   * libtorch_cpu.so / libc10.so need only glibc (>= 2.29), libstdc++ (>= 3.4.26), libgcc_s and
#     their own OpenMP runtime, which the libtorch-cpu-linux-x64 package bundles as
#     libgomp-<hash>.so.1 next to them (found through RUNPATH $ORIGIN). librt/libdl/libpthread are
#     part of glibc. The runtime image (runtime-deps) already holds libc6, libstdc++6 and libgcc-s1.
#   * SkiaSharp comes from SkiaSharp.NativeAssets.Linux.NoDependencies: no fontconfig/freetype needed.
#     It has no fonts either: the plots (ScottPlot) load DejaVu Sans from its file (Plots:FontFile),
#     which fonts-dejavu-core installs; without it plots render with no text.
#   * Globalization is invariant (Directory.Build.props), so ICU is not needed either.
# Hence the only packages installed below are the font, the optional Fashion-MNIST data set and tcmalloc.
# tcmalloc replaces glibc's malloc (LD_PRELOAD): libtorch's CPU kernels allocate and free large buffers at every
# layer, glibc hands them back to the kernel and the next layer faults them in again; on a 2-core VM that was
# half the CPU time and made a 512x512 super-resolution call minutes instead of seconds (deploy/README.md, "CPU speed").

# ---- build -------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files only, so that the (large) libtorch package stays cached
# while the source changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/GenService.ML/GenService.ML.csproj src/GenService.ML/
COPY src/GenService.Api/GenService.Api.csproj src/GenService.Api/
RUN dotnet restore src/GenService.Api/GenService.Api.csproj

COPY src/ src/
RUN dotnet publish src/GenService.Api -c Release -r linux-x64 --self-contained false --no-restore -o /app

# ---- base: the service on the ASP.NET Core runtime, CPU libtorch ------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS base

# dataset-fashion-mnist (Ubuntu universe) serves POST /v1/datasets/fashion-mnist; fonts-dejavu-core
# gives the plots their text; libtcmalloc-minimal4 (noble's libtcmalloc-minimal4t64 provides it) is the
# allocator (see above); everything else the service loads is already in the image.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update \
    && apt-get install -y --no-install-recommends dataset-fashion-mnist fonts-dejavu-core libtcmalloc-minimal4 \
    && rm -rf /var/lib/apt/lists/* \
    && test -f /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4

# /data holds the SQLite file (when no PostgreSQL is configured), datasets, checkpoints and samples.
# Created here and owned by the non-root app user so that a new named volume inherits the owner.
RUN mkdir -p /data && chown "$APP_UID" /data

WORKDIR /app
COPY --from=build /app ./

ENV ASPNETCORE_HTTP_PORTS=8080 \
    Storage__DataDirectory=/data \
    Torch__NativeCacheDirectory=/tmp/genservice-native \
    Logging__Console__FormatterName=json \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4

# The non-root user the .NET 8+ images define (APP_UID=1654, name "app").
USER $APP_UID
VOLUME /data
EXPOSE 8080

# The aspnet image has no curl or wget: bash's /dev/tcp does a plain HTTP/1.0 GET of the liveness
# endpoint and checks for status 200 (the first port of ASPNETCORE_HTTP_PORTS is probed).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "port=\"${ASPNETCORE_HTTP_PORTS:-8080}\"; port=\"${port%%[;,]*}\"; exec 3<>\"/dev/tcp/127.0.0.1/$port\" && printf 'GET /health/live HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]

ENTRYPOINT ["dotnet", "GenService.Api.dll"]

# ---- gpu: the same, with a CUDA libtorch (docker build --target gpu) ---------------------------------
# TorchSharp 0.107 was built against libtorch 2.10. PyTorch's CUDA wheels carry that libtorch in torch/lib
# and the CUDA runtime, cuBLAS and cuDNN as nvidia-* wheels, found from torch/lib through the RPATH
# $ORIGIN/../../nvidia/<library>/lib; so both folders are copied side by side, and no CUDA toolkit or CUDA
# base image is needed. Only the driver (libcuda) comes from the host, put in by the NVIDIA Container
# Toolkit (docker run --gpus all; on Kubernetes, the NVIDIA device plugin). TORCH_CUDA picks the wheel's
# CUDA version (cu126, cu128, ...), which the host's driver must support.
FROM python:3.12-slim AS torch-cuda
ARG TORCH_VERSION=2.10.0
ARG TORCH_CUDA=cu128
RUN pip install --no-cache-dir --target /opt/torch "torch==${TORCH_VERSION}" \
        --index-url "https://download.pytorch.org/whl/${TORCH_CUDA}"

FROM base AS gpu
COPY --from=torch-cuda /opt/torch/torch/lib /opt/torch/torch/lib
COPY --from=torch-cuda /opt/torch/nvidia /opt/torch/nvidia
# The service loads libc10, libc10_cuda, libtorch_cpu, libtorch_cuda and libtorch from this folder instead
# of the bundled CPU libtorch; GET /v1/system shows the libtorch loaded and the CUDA devices found.
ENV Torch__LibTorchDirectory=/opt/torch/torch/lib \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

# ---- runtime: the default target (docker build .) ------------------------------------------------
FROM base AS runtime
