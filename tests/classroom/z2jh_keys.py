"""The Zero to JupyterHub (helm chart 4.x) values keys that ``deploy/values.yaml`` may use, as a JSON schema.

Written from the chart's documented configuration reference for the keys this kit uses; every object is
closed (``additionalProperties: false``) so a misspelt or misplaced key fails the test instead of being
silently ignored by helm. Free-form sections of the chart (``hub.config``, ``hub.services``,
``hub.extraConfig``, ``extraEnv``, volumes) stay open where the chart itself leaves them open.
"""

from __future__ import annotations


def closed(**properties) -> dict:
    return {"type": "object", "additionalProperties": False, "properties": properties}


STRING = {"type": "string"}
BOOL = {"type": "boolean"}
INT = {"type": "integer", "minimum": 0}
NUMBER = {"type": "number", "minimum": 0}
OPEN = {"type": "object"}
LIST = {"type": "array"}
ENV = {
    "oneOf": [
        {"type": "array"},
        {"type": "object", "additionalProperties": {"oneOf": [STRING, {"type": "object"}]}},
    ]
}
SIZE = {"type": "string", "pattern": r"^[0-9.]+([KMGT]i?)?$"}

SCHEMA = closed(
    hub=closed(
        db=closed(
            type={"enum": ["sqlite-pvc", "sqlite-memory", "mysql", "postgres", "other"]},
            url={"type": ["string", "null"]},
            password={"type": ["string", "null"]},
            upgrade={"type": ["boolean", "null"]},
        ),
        config=OPEN,
        cookieSecret={"type": ["string", "null"]},
        extraEnv=ENV,
        services={
            "type": "object",
            "additionalProperties": closed(
                url=STRING,
                display=BOOL,
                admin=BOOL,
                apiToken={"type": ["string", "null"]},
                oauth_no_confirm=BOOL,
                info=OPEN,
                name=STRING,
                oauth_redirect_uri=STRING,
            ),
        },  # fmt: skip
        loadRoles=OPEN,
        extraConfig={"type": "object", "additionalProperties": STRING},
        image=closed(name=STRING, tag=STRING),
    ),
    singleuser=closed(
        image=closed(name=STRING, tag=STRING, pullPolicy={"enum": ["IfNotPresent", "Always", "Never", None]}),
        defaultUrl=STRING,
        cmd={"oneOf": [STRING, {"type": "array", "items": STRING}, {"type": "null"}]},
        uid={"type": ["integer", "null"]},
        fsGid={"type": ["integer", "null"]},
        extraEnv=ENV,
        lifecycleHooks=closed(postStart=OPEN, preStop=OPEN),
        memory=closed(guarantee=SIZE, limit=SIZE),
        cpu=closed(guarantee=NUMBER, limit=NUMBER),
        storage=closed(
            type={"enum": ["dynamic", "static", "none"]},
            capacity=SIZE,
            homeMountPath=STRING,
            extraVolumes={"oneOf": [LIST, OPEN]},
            extraVolumeMounts={"oneOf": [LIST, OPEN]},
            dynamic=closed(
                storageClass={"type": ["string", "null"]},
                pvcNameTemplate=STRING,
                volumeNameTemplate=STRING,
                storageAccessModes=LIST,
            ),
        ),  # fmt: skip
        networkPolicy=closed(
            enabled=BOOL,
            ingress=LIST,
            egress=LIST,
            egressAllowRules=closed(
                cloudMetadataServer=BOOL,
                dnsPortsCloudMetadataServer=BOOL,
                dnsPortsKubeSystemNamespace=BOOL,
                dnsPortsPrivateIPs=BOOL,
                nonPrivateIPs=BOOL,
                privateIPs=BOOL,
            ),  # fmt: skip
            interNamespaceAccessLabels={"enum": ["accept", "ignore"]},
            allowedIngressPorts=LIST,
        ),
        profileList=LIST,
    ),
    cull=closed(
        enabled=BOOL,
        timeout=INT,
        every=INT,
        users=BOOL,
        adminUsers=BOOL,
        removeNamedServers=BOOL,
        concurrency=INT,
        maxAge=INT,
    ),  # fmt: skip
    scheduling=closed(
        userScheduler=closed(enabled=BOOL, replicas=INT),
        podPriority=closed(enabled=BOOL),
        userPlaceholder=closed(enabled=BOOL, replicas=INT),
        userPods=OPEN,
        corePods=OPEN,
    ),
    prePuller=closed(hook=closed(enabled=BOOL), continuous=closed(enabled=BOOL)),
    proxy=closed(
        service=closed(type={"enum": ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"]}),
        https=closed(
            enabled=BOOL,
            type={"enum": ["letsencrypt", "manual", "offload", "secret"]},
            hosts={"type": "array", "items": STRING},
            letsencrypt=closed(contactEmail=STRING),
        ),
    ),  # fmt: skip
    ingress=closed(
        enabled=BOOL,
        hosts={"type": "array", "items": STRING},
        tls={"type": "array", "items": closed(hosts={"type": "array", "items": STRING}, secretName=STRING)},
        annotations=OPEN,
        ingressClassName={"type": ["string", "null"]},
    ),
)
