// Offline checks of the deployment files, run by tests/run-tests.sh (npm ci here first):
//   * every document of deploy/kubernetes/**/*.yaml against the Kubernetes schema of its apiVersion and kind
//     (kubernetes-models: types, formats and required fields; unknown kinds fail),
//   * what the manifests name exists: the Secrets' keys, the ConfigMap, the volume claim, the autoscaler's
//     target; every service pod probes /health/live and /health/ready, and the GPU image's pods ask for a GPU;
//     each kustomization lists files that exist,
//   * the Dockerfile parses (dockerfile-utils, the Docker language server's checks), has the gpu target with
//     Torch__LibTorchDirectory, and still ends with the runtime stage that a plain `docker build .` makes.
// Prints one line per check ("ok - ..." or "not ok - ...: why") and, last, "N passed, N failed".
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { validate as validateDockerfile } from "dockerfile-utils";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const manifestsFolder = join(root, "deploy", "kubernetes");
let passed = 0;
let failed = 0;

function check(name, problem) {
  if (problem) {
    failed++;
    console.log(`not ok - ${name}: ${problem}`);
  } else {
    passed++;
    console.log(`ok - ${name}`);
  }
}

function yamlFiles(folder) {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return entry.name.endsWith(".yaml") ? [path] : [];
  });
}

// apiVersion "apps/v1", kind "Deployment" -> kubernetes-models/apps/v1/Deployment; the core group is "v1".
async function schemaProblem(resource) {
  let model;
  try {
    model = (await import(`kubernetes-models/${resource.apiVersion}/${resource.kind}`))[resource.kind];
  } catch {
    return `no schema for ${resource.apiVersion} ${resource.kind}`;
  }
  try {
    new model(resource).validate();
    return null;
  } catch (error) {
    return error.message;
  }
}

const resources = [];
for (const file of yamlFiles(manifestsFolder)) {
  const name = relative(root, file);
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, document] of documents.entries()) {
    if (document.errors.length > 0) {
      check(`${name} document ${index + 1} is YAML`, document.errors.map((e) => e.message).join("; "));
      continue;
    }
    const resource = document.toJS();
    if (resource.kind === "Kustomization") {
      const missing = [...(resource.resources ?? [])].filter((listed) => !existsSync(join(dirname(file), listed)));
      check(`${name} lists files that exist`, missing.length ? `missing: ${missing.join(", ")}` : null);
      continue;
    }
    resources.push(resource);
    check(`${name} ${resource.kind}/${resource.metadata?.name} matches the ${resource.apiVersion} schema`, await schemaProblem(resource));
  }
}

const named = (kind, name) => resources.find((r) => r.kind === kind && r.metadata?.name === name);
const deployments = resources.filter((r) => r.kind === "Deployment" || r.kind === "StatefulSet");
for (const deployment of deployments) {
  const spec = deployment.spec.template.spec;
  const label = `${deployment.kind}/${deployment.metadata.name}`;
  const secretRefs = spec.containers.flatMap((c) => (c.env ?? []).map((e) => e.valueFrom?.secretKeyRef).filter(Boolean));
  const badSecrets = secretRefs.filter((ref) => !(ref.key in (named("Secret", ref.name)?.stringData ?? named("Secret", ref.name)?.data ?? {})));
  check(`${label} names Secret keys that exist`, badSecrets.length ? badSecrets.map((r) => `${r.name}/${r.key}`).join(", ") : null);
  const configMaps = spec.containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name).filter(Boolean));
  check(`${label} names ConfigMaps that exist`, configMaps.filter((n) => !named("ConfigMap", n)).join(", ") || null);
  const claims = (spec.volumes ?? []).map((v) => v.persistentVolumeClaim?.claimName).filter(Boolean);
  check(`${label} names volume claims that exist`, claims.filter((n) => !named("PersistentVolumeClaim", n)).join(", ") || null);
  const selector = deployment.spec.selector.matchLabels;
  const labels = deployment.spec.template.metadata.labels;
  check(`${label} selects its own pods`, Object.entries(selector).every(([k, v]) => labels[k] === v) ? null : "selector does not match the pod labels");
  const service = spec.containers.find((c) => String(c.image).startsWith("genservice"));
  if (service) {
    const live = service.livenessProbe?.httpGet?.path;
    const ready = service.readinessProbe?.httpGet?.path;
    check(`${label} probes /health/live and /health/ready`, live === "/health/live" && ready === "/health/ready" ? null : `liveness ${live}, readiness ${ready}`);
    if (String(service.image).startsWith("genservice-gpu"))
      check(`${label} asks for a GPU`, service.resources?.limits?.["nvidia.com/gpu"] ? null : "no nvidia.com/gpu limit");
  }
}
for (const autoscaler of resources.filter((r) => r.kind === "HorizontalPodAutoscaler")) {
  const target = autoscaler.spec.scaleTargetRef;
  check(`HorizontalPodAutoscaler/${autoscaler.metadata.name} targets a Deployment that exists`, named(target.kind, target.name) ? null : `${target.kind}/${target.name}`);
}
for (const service of resources.filter((r) => r.kind === "Service")) {
  const selects = (pods) => Object.entries(service.spec.selector).every(([k, v]) => pods.spec.template.metadata.labels[k] === v);
  check(`Service/${service.metadata.name} selects pods`, deployments.some(selects) ? null : "no Deployment or StatefulSet has its labels");
}

const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
const errors = validateDockerfile(dockerfile).filter((d) => d.severity === 1);
check("Dockerfile parses", errors.length ? errors.map((e) => `line ${e.range.start.line + 1}: ${e.message}`).join("; ") : null);
const stages = [...dockerfile.matchAll(/^FROM\s+\S+\s+AS\s+(\S+)/gim)].map((m) => m[1]);
check("Dockerfile has the gpu target", stages.includes("gpu") ? null : `stages: ${stages.join(", ")}`);
check("Dockerfile ends with the runtime stage", stages.at(-1) === "runtime" ? null : `last stage: ${stages.at(-1)}`);
const gpuStage = dockerfile.slice(dockerfile.search(/^FROM\s+\S+\s+AS\s+gpu\b/im));
check("Dockerfile's gpu target sets Torch__LibTorchDirectory", /^ENV\s+Torch__LibTorchDirectory=\S+/m.test(gpuStage) ? null : "not set");

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
