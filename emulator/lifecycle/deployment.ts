// The deployment lifecycle lives with its kind; this path stays for the data plane's imports.
export { currentReplicas, deploymentStatus, SERVING_STATUSES } from "../kinds/deployments/status.js";
