export const id = 751;
export const ids = [751];
export const modules = {

/***/ 4751:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SdkVercel: () => (/* binding */ SdkVercel)
});

// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/core.js + 6 modules
var core = __webpack_require__(8526);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/lib/http.js
var lib_http = __webpack_require__(3157);
// EXTERNAL MODULE: ./src/vercel/errors.ts
var errors = __webpack_require__(756);
// EXTERNAL MODULE: ./src/vercel/retry.ts
var retry = __webpack_require__(5574);
;// CONCATENATED MODULE: ./src/vercel/paging.ts
/**
 * Listings that Vercel pages by an `until` cursor. The shared-variable listing (`GET /v1/env`) answers a page at a
 * time, newest first, with `pagination.next`, the timestamp to send as `until` for the next page; @vercel/sdk
 * 1.28.35's request for it has no `until`, and its zod input schema would strip one. So the port names the extra
 * query parameters in a header of its own, and this request hook moves them into the URL Vercel receives.
 */

/** Set by the port on a request that needs query parameters the SDK's schema lacks; never sent to Vercel. */
const QUERY_MARK = 'x-rotate-vercel-secret-query';
/** The per-call SDK options with extra query parameters for the hook to add. */
function withQuery(o, params) {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    return { ...o, headers: { [QUERY_MARK]: query.toString() } };
}
function extraQuery() {
    return (req) => {
        const extra = req.headers.get(QUERY_MARK);
        if (extra === null)
            return req;
        const url = new URL(req.url);
        // Only reads take extra parameters; a body-carrying request is passed on without the mark alone.
        if (req.method === 'GET')
            for (const [k, v] of new URLSearchParams(extra))
                url.searchParams.set(k, v);
        const out = new Request(url, req);
        out.headers.delete(QUERY_MARK);
        return out;
    };
}
/**
 * Every item of a listing paged by `until`, to its end. A cursor that does not move back in time would repeat a
 * page for ever or skip records: that is an error, never a short list (a record missed is a record left with the
 * old value).
 */
async function allPages(operation, what, read) {
    const items = [];
    let until;
    for (let page = 1;; page++) {
        // A page may be empty and still not the last (a filter applied to a page after it was cut): follow `next`.
        const { items: got, next } = await read(until);
        items.push(...got);
        if (next === null || next === undefined || next === 0)
            return items;
        if (typeof next !== 'number' || !Number.isFinite(next) || (until !== undefined && next >= until)) {
            throw new errors/* VercelApiError */.A9(`${operation} for ${what}: page ${page} of Vercel's listing gave a cursor that does not move on (${String(next)}), so the rest cannot be read. Nothing was written; re-run, and if it persists, report it.`, 'validation', operation);
        }
        until = next;
    }
}

;// CONCATENATED MODULE: ./src/vercel/staged.ts
/**
 * Staged production creates. `vercel deploy --prod --skip-domain` sends `autoAssignCustomDomains: false` in the
 * create's body, so the READY deployment does not take the production domains until it is promoted. The SDK's
 * create schema (@vercel/sdk 1.28.35) lacks the field and would strip it, so the port marks a staged create with a
 * header of its own, and this request hook takes the mark off and puts the field into the body Vercel receives.
 */
/** Set by the port on a create that must be staged; never sent to Vercel. */
const STAGED_MARK = 'x-rotate-vercel-secret-staged';
function stagedCreates(apiUrl) {
    const path = `${new URL(apiUrl).pathname.replace(/\/+$/, '')}/v13/deployments`;
    return async (req) => {
        if (!req.headers.has(STAGED_MARK))
            return req;
        const headers = new Headers(req.headers);
        headers.delete(STAGED_MARK);
        if (req.method !== 'POST' || new URL(req.url).pathname !== path)
            return new Request(req, { headers });
        const body = (await req.clone().json());
        return new Request(req.url, {
            method: req.method,
            headers,
            body: JSON.stringify({ ...body, autoAssignCustomDomains: false }),
            signal: req.signal,
        });
    };
}

;// CONCATENATED MODULE: ./src/vercel/client.ts
/**
 * The SDK client every call shares: @vercel/sdk's VercelCore with the port's request hooks, the team scope, and one
 * way to call: the retry policy, the per-request timeout joined to the cancellation, Vercel's errors turned into
 * messages that name the fix, and answers kept even when the SDK's schema lags behind Vercel's.
 */






/** The 2xx body even when the SDK's schema no longer matches it (Vercel adds fields and enum values often). */
function client_valueOf(r) {
    if (r.ok)
        return r.value;
    const e = r.error;
    if (typeof e?.statusCode === 'number' && e.statusCode < 300 && e.rawValue !== undefined)
        return e.rawValue;
    throw r.error;
}
/**
 * Vercel's published request limits, which @vercel/sdk 1.28.35 does not check. `projectIds` (an array the SDK's form
 * encoding sends as repeated keys) takes 1 to 20 IDs in Vercel's OpenAPI for the deployments listing; a listing's
 * `limit` is at most 100 (the REST API's pagination docs; the CLI pages with 100).
 */
const PROJECTS_PER_LIST = 20;
const PAGE = 100;
/**
 * The SDK spells the store read `/storage/stores/{id}`, gives it no team parameter and sends it without the bearer
 * token; Vercel's own CLI reads `/v1/storage/stores/{id}?teamId=` with its token. The request is sent the CLI's way.
 */
function storageRoute(apiUrl, scope, token) {
    const base = new URL(apiUrl).pathname.replace(/\/+$/, '');
    return (req) => {
        const url = new URL(req.url);
        if (!url.pathname.startsWith(`${base}/storage/stores/`))
            return req;
        url.pathname = `${base}/v1${url.pathname.slice(base.length)}`;
        for (const [k, v] of Object.entries(scope))
            url.searchParams.set(k, v);
        const scoped = new Request(url, req);
        scoped.headers.set('authorization', `Bearer ${token}`);
        return scoped;
    };
}
/**
 * Keeps the raw JSON of each page of the project listing, by its `from` token. The SDK's listing schema is a union
 * of a full and a lean project shape and may keep the lean one, stripping the rollback state, the bypass and Skew
 * Protection, which planning reads; the raw page still has them.
 */
function listingCapture(apiUrl, pages) {
    const path = `${new URL(apiUrl).pathname.replace(/\/+$/, '')}/v10/projects`;
    return async (res, req) => {
        const url = new URL(req.url);
        if (req.method !== 'GET' || url.pathname !== path || !res.ok)
            return;
        pages.set(url.searchParams.get('from') ?? '', await res
            .clone()
            .json()
            .catch(() => undefined));
    };
}
class SdkClient {
    client;
    /** Raw pages of the project listing by their `from` token (listingCapture). */
    listingPages = new Map();
    scope;
    policy;
    signal;
    timeoutMs;
    /** Called with every secret read from Vercel (a protection bypass), before anything else sees it. */
    onSecret;
    constructor(o) {
        this.onSecret = o.onSecret ?? (() => { });
        this.scope = !o.team ? {} : o.team.startsWith('team_') ? { teamId: o.team } : { slug: o.team };
        const http = new lib_http/* HTTPClient */.ST();
        http.addHook('beforeRequest', storageRoute(o.apiUrl, this.scope, o.token));
        http.addHook('beforeRequest', stagedCreates(o.apiUrl));
        http.addHook('beforeRequest', extraQuery());
        http.addHook('response', listingCapture(o.apiUrl, this.listingPages));
        // No debugLogger: the SDK's debug output includes request headers, and so the token.
        this.client = new core/* VercelCore */.B({ bearerToken: o.token, serverURL: o.apiUrl, httpClient: http });
        this.policy = { ...(0,retry/* defaultPolicy */.G4)(o.deadline, o.signal), onRetry: o.onRetry, ...o.policy };
        this.signal = o.signal;
        this.timeoutMs = o.requestTimeoutMs ?? 30_000;
    }
    /** One SDK call with the retry policy; `lookup` replaces a retry after an ambiguous failure. */
    async call(operation, what, send, lookup, convert = (raw) => raw) {
        const once = async () => {
            let raw;
            try {
                // The SDK ignores timeoutMs when given a signal, so the timeout joins the cancellation signal.
                const opts = this.signal ? { signal: AbortSignal.any([this.signal, AbortSignal.timeout(this.timeoutMs)]) } : { timeoutMs: this.timeoutMs };
                raw = client_valueOf(await send(opts));
            }
            catch (err) {
                throw (0,errors/* toVercelError */.hX)(err, operation, what);
            }
            return convert(raw);
        };
        return (0,retry/* withRetry */.bD)(once, this.policy, lookup);
    }
    teamName() {
        return this.scope.teamId ?? this.scope.slug ?? '(token scope)';
    }
}

// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/deploymentsGetDeployments.js + 1 modules
var deploymentsGetDeployments = __webpack_require__(6153);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/projectsRequestPromote.js + 1 modules
var projectsRequestPromote = __webpack_require__(1544);
;// CONCATENATED MODULE: ./src/vercel/wire.ts
const STANDARD = new Set(['production', 'preview', 'development']);
const str = (v) => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : v instanceof Date ? v.getTime() : undefined);
const strings = (v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : typeof v === 'string' ? [v] : []);
function targets(v) {
    return strings(v).filter((t) => STANDARD.has(t));
}
function toEnvRecord(raw) {
    const o = (raw ?? {});
    return {
        id: str(o.id) ?? '',
        key: str(o.key) ?? '',
        type: (str(o.type) ?? 'encrypted'),
        target: targets(o.target),
        customEnvironmentIds: strings(o.customEnvironmentIds),
        gitBranch: str(o.gitBranch),
        updatedAt: num(o.updatedAt),
        ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
        ...managedBy(o),
        ...authorship(o),
    };
}
/** When a record was created, who created and last edited it, and Vercel's flags on it: metadata, never the value. */
function authorship(o) {
    const createdAt = num(o.createdAt);
    const createdBy = str(o.createdBy);
    const updatedBy = str(o.updatedBy);
    return {
        ...(createdAt !== undefined ? { createdAt } : {}),
        ...(createdBy ? { createdBy } : {}),
        ...(updatedBy ? { updatedBy } : {}),
        ...(Array.isArray(o.securityIssues) ? { securityIssues: strings(o.securityIssues) } : {}),
    };
}
/** A record is managed when an integration configuration created it, or a storage resource provides it. */
function managedBy(o) {
    const hint = (o.contentHint && typeof o.contentHint === 'object' ? o.contentHint : {});
    const m = {
        configurationId: str(o.configurationId) ?? str(hint.integrationConfigurationId),
        integrationId: str(hint.integrationId),
        productId: str(hint.integrationProductId),
        storeId: str(hint.storeId),
    };
    const set = Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined));
    return Object.keys(set).length > 0 ? { managedBy: set } : {};
}
/**
 * A project of the team's listing. Vercel's schema allows each listed project in a full and in a lean form; only
 * the full one names the alias history (`lastAliasRequest`, null when there is none), and only then does the
 * listed project stand for a project read: the lean form leaves out the rollback state, the bypass and Skew
 * Protection.
 */
function toListedProject(raw) {
    const o = (raw ?? {});
    const id = str(o.id) ?? '';
    const full = 'lastAliasRequest' in o && 'targets' in o && Array.isArray(o.env);
    return { id, name: str(o.name) ?? id, envs: Array.isArray(o.env) ? o.env.map(toEnvRecord) : undefined, ...(full ? { project: toProject(o) } : {}) };
}
function toStoreConnection(raw) {
    const o = (raw ?? {});
    const projectId = str(o.projectId) ?? '';
    return { projectId, name: str(o.name) ?? projectId, environments: strings(o.environments), keys: strings(o.environmentVariables) };
}
function toSharedVariable(raw) {
    const o = (raw ?? {});
    return {
        id: str(o.id) ?? '',
        key: str(o.key) ?? '',
        // Vercel: "if blank, assume secret".
        type: (str(o.type) ?? 'sensitive'),
        target: targets(o.target),
        customEnvironmentIds: strings(o.customEnvironmentIds),
        applyToAllCustomEnvironments: o.applyToAllCustomEnvironments === true,
        projectIds: strings(o.projectId),
        updatedAt: num(o.updatedAt),
        ...(typeof o.comment === 'string' ? { comment: o.comment } : {}),
        ...authorship(o),
        ...(str(o.lastEditedByDisplayName) ? { lastEditedBy: str(o.lastEditedByDisplayName) } : {}),
    };
}
function targetOf(o) {
    const t = str(o.target);
    if (t)
        return t;
    const custom = (o.customEnvironment ?? {});
    return str(custom.slug) ?? str(custom.id) ?? 'preview';
}
/** A deployment from the list, a get, a create or a project's `targets`. */
function toDeployment(raw, known = {}) {
    const o = (raw ?? {});
    const meta = (o.meta && typeof o.meta === 'object' ? o.meta : {});
    const custom = (o.customEnvironment ?? {});
    return {
        id: str(o.uid) ?? str(o.id) ?? '',
        url: str(o.url) ?? '',
        projectId: str(o.projectId) ?? known.projectId ?? '',
        name: str(o.name) ?? known.name ?? '',
        createdAt: num(o.createdAt) ?? num(o.created) ?? 0,
        state: (str(o.readyState) ?? str(o.state) ?? 'QUEUED'),
        substate: str(o.readySubstate),
        aliasAssigned: Boolean(o.aliasAssigned),
        target: targetOf(o),
        branch: str(meta.githubCommitRef) ?? str(meta.gitlabCommitRef) ?? str(meta.bitbucketCommitRef),
        customEnvironmentId: str(custom.id),
        meta,
        errorMessage: str(o.errorMessage),
        readyStateReason: str(o.readyStateReason),
        readyAt: num(o.ready) ?? num(o.readyAt),
        checksState: str(o.checksState),
        checksConclusion: str(o.checksConclusion),
        inspectorUrl: str(o.inspectorUrl),
        ...(typeof o.autoAssignCustomDomains === 'boolean' ? { autoAssignCustomDomains: o.autoAssignCustomDomains } : {}),
    };
}
function toCustomEnvironment(raw) {
    const o = (raw ?? {});
    const domains = Array.isArray(o.domains) ? o.domains.map((d) => str(d?.name)).filter((d) => !!d) : [];
    return { id: str(o.id) ?? '', slug: str(o.slug) ?? '', domains: [...new Set([...domains, ...strings(o.currentDeploymentAliases)])] };
}
/** The automation bypass secret Vercel sets as an env var on deployments, else the first automation one. */
function automationBypass(v) {
    if (!v || typeof v !== 'object')
        return undefined;
    const entries = Object.entries(v).filter(([, b]) => b?.scope === 'automation-bypass');
    return (entries.find(([, b]) => b.isEnvVar !== false) ?? entries[0])?.[0];
}
/**
 * The deployment URLs each of Vercel's protection `deploymentType`s covers. Health checks fetch deployment URLs,
 * never custom domains, so only `preview` (legacy "Only Preview Deployments") leaves production's open. Custom
 * environments are not production: they count with previews.
 */
const COVERS = {
    all: { production: true, preview: true },
    all_except_custom_domains: { production: true, preview: true },
    prod_deployment_urls_and_all_previews: { production: true, preview: true },
    preview: { production: false, preview: true },
};
/** Deployment Protection on the project's deployment URLs; undefined when the read carries neither setting. */
function protectionOf(o) {
    if (!('ssoProtection' in o) && !('passwordProtection' in o))
        return undefined;
    const on = [o.ssoProtection, o.passwordProtection].filter((l) => !!l && typeof l === 'object');
    // A setting whose coverage cannot be read is taken to cover everything: a refusal names the ways through.
    const covers = on.map((l) => COVERS[str(l.deploymentType) ?? ''] ?? COVERS.all);
    return { production: covers.some((c) => c.production), preview: covers.some((c) => c.preview) };
}
/** Whether Trusted Sources holds an OIDC rule; undefined when the read left the setting out. */
function trustedSourcesOf(o) {
    if (!('trustedSources' in o))
        return undefined;
    const providers = (o.trustedSources ?? {}).oidcProviders;
    return !!providers && typeof providers === 'object' && Object.values(providers).some((rules) => Array.isArray(rules) && rules.length > 0);
}
function toProject(raw) {
    const o = (raw ?? {});
    const id = str(o.id) ?? '';
    const name = str(o.name) ?? id;
    const production = (o.targets ?? {}).production;
    const last = (o.lastAliasRequest ?? null);
    return {
        id,
        name,
        servingProduction: production ? toDeployment(production, { projectId: id, name }) : undefined,
        rolledBack: last?.type === 'rollback',
        rollingRelease: Boolean(o.rollingRelease),
        ignoreCommand: str(o.commandForIgnoringBuildStep),
        skipsUnaffected: o.enableAffectedProjectsDeployments === true,
        envs: Array.isArray(o.env) ? o.env.map(toEnvRecord) : undefined,
        customEnvironments: Array.isArray(o.customEnvironments) ? o.customEnvironments.map(toCustomEnvironment) : undefined,
        protectionBypass: automationBypass(o.protectionBypass),
        protection: protectionOf(o),
        trustedSources: trustedSourcesOf(o),
        // Vercel stores the maximum age in seconds.
        skewMaxAgeMs: num(o.skewProtectionMaxAge) ? num(o.skewProtectionMaxAge) * 1000 : undefined,
        // Already epoch ms, "to match createdAt fields".
        skewBoundaryAt: num(o.skewProtectionBoundaryAt),
    };
}
/** A project's rolling release (`GET /v1/projects/{id}/rolling-release`); undefined when it has none. */
function toRollingRelease(raw) {
    const o = (raw ?? {}).rollingRelease;
    if (!o)
        return undefined;
    const stage = (o.activeStage ?? null);
    const id = (v) => str((v ?? {}).id);
    return {
        state: (str(o.state) ?? 'ACTIVE'),
        canaryDeploymentId: id(o.canaryDeployment),
        currentDeploymentId: id(o.currentDeployment),
        ...(stage
            ? {
                activeStage: {
                    index: num(stage.index) ?? 0,
                    targetPercentage: num(stage.targetPercentage) ?? 0,
                    requireApproval: Boolean(stage.requireApproval),
                    isFinalStage: Boolean(stage.isFinalStage),
                },
            }
            : {}),
        stageCount: Array.isArray(o.stages) ? o.stages.length : 0,
        substate: str(o.substate),
        queuedDeploymentId: str(o.queuedDeploymentId),
    };
}

;// CONCATENATED MODULE: ./src/vercel/calls/deployments.ts
/** Deployments: redeploys (never created twice), the list read in batches, promote, rollback and domain look-ups. */






async function redeploy(c, source, meta, options = {}) {
    const { deploymentsCreateDeployment } = await __webpack_require__.e(/* import() */ 74).then(__webpack_require__.bind(__webpack_require__, 4074));
    // A custom environment is named by its own field; `target` then stays unset.
    const target = source.target === 'preview' || source.customEnvironmentId ? undefined : source.target;
    const find = async () => {
        const found = await listDeployments(c, { projectIds: [source.projectId], since: Date.now() - 15 * 60_000, max: 200 });
        return found.find((d) => d.meta.rotationRun === meta.rotationRun && d.meta.rotationSource === source.id);
    };
    // The create may have happened although the answer was lost: find it by this run's marker, never create twice.
    const lookup = async (err) => {
        if (err.kind !== 'transport')
            return find(); // a 5xx answer: the server is done with the request
        // A timeout or a dropped connection: the request may still be in Vercel's hands. Look for as long as it
        // was given, and if it never shows, do not send it again: a re-run resumes safely, a duplicate cannot be undone.
        const until = c.policy.now() + c.timeoutMs;
        for (;;) {
            const found = await find();
            if (found)
                return found;
            if (c.policy.now() >= until)
                break;
            await c.policy.sleep(1_000, c.signal);
        }
        throw new errors/* VercelApiError */.A9(`Redeploy for project ${source.name}: the request got no answer and no new deployment appeared; it was not sent again, so that nothing is deployed twice. Re-run the job to resume.`, 'http', 'Redeploy');
    };
    return c.call('Redeploy', `project ${source.name}`, (o) => deploymentsCreateDeployment(c.client, {
        forceNew: '1',
        ...c.scope,
        requestBody: {
            name: source.name,
            deploymentId: source.id,
            ...(target ? { target } : {}),
            ...(source.customEnvironmentId ? { customEnvironmentSlugOrId: source.customEnvironmentId } : {}),
            meta,
        },
    }, options.staged ? { ...o, headers: { [STAGED_MARK]: '1' } } : o), lookup, (raw) => toDeployment(raw, { projectId: source.projectId, name: source.name }));
}
async function listDeployments(c, q) {
    const out = [];
    const max = q.max ?? Infinity;
    // The whole team is one listing without a project filter; else batches of Vercel's 20 projects at most.
    const batches = q.wholeTeam
        ? [[]]
        : Array.from({ length: Math.ceil(q.projectIds.length / PROJECTS_PER_LIST) }, (_, i) => q.projectIds.slice(i * PROJECTS_PER_LIST, (i + 1) * PROJECTS_PER_LIST));
    for (const ids of batches) {
        let until = q.until;
        for (;;) {
            const body = await c.call('List deployments', q.wholeTeam ? `team ${c.teamName()}` : `${ids.length} project(s)`, (o) => (0,deploymentsGetDeployments/* deploymentsGetDeployments */.X)(c.client, {
                ...(ids.length === 0 ? {} : ids.length === 1 ? { projectId: ids[0] } : { projectIds: ids }),
                ...(q.since !== undefined ? { since: q.since } : {}),
                ...(until !== undefined ? { until } : {}),
                ...(q.target ? { target: q.target } : {}),
                ...(q.states ? { state: q.states.join(',') } : {}),
                limit: PAGE,
                ...c.scope,
            }, o));
            for (const d of body.deployments)
                out.push(toDeployment(d));
            const next = body.pagination?.next;
            if (!next || body.deployments.length === 0 || out.length >= max)
                break;
            until = next;
        }
        if (out.length >= max)
            break;
    }
    return out;
}
/** Vercel answers 201, or 202 when it queued the promotion behind the project's active rolling release. */
async function promote(c, projectId, deploymentId) {
    return c.call('Promote', `project ${projectId}`, async (o) => {
        // The SDK returns nothing for either status: the answer's status is read beside it.
        const [result, call] = await (0,projectsRequestPromote/* projectsRequestPromote */.C)(c.client, { projectId, deploymentId, ...c.scope }, o).$inspect();
        return result.ok ? { ok: true, value: { queued: call.response?.status === 202 } } : result;
    });
}
async function rollback(c, projectId, deploymentId) {
    const { projectsRequestRollback } = await __webpack_require__.e(/* import() */ 401).then(__webpack_require__.bind(__webpack_require__, 2401));
    await c.call('Instant Rollback', `project ${projectId}`, (o) => projectsRequestRollback(c.client, { projectId, deploymentId, ...c.scope }, o));
}
async function deploymentAt(c, host) {
    const { deploymentsGetDeployment } = await __webpack_require__.e(/* import() */ 172).then(__webpack_require__.bind(__webpack_require__, 9172));
    try {
        const body = await c.call('Read deployment', `domain ${host}`, (o) => deploymentsGetDeployment(c.client, { idOrUrl: host, ...c.scope }, o));
        return toDeployment(body);
    }
    catch (err) {
        if (err instanceof errors/* VercelApiError */.A9 && err.status === 404)
            return undefined;
        throw err;
    }
}

// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/environmentGetProjectsByIdOrNameCustomEnvironments.js + 1 modules
var environmentGetProjectsByIdOrNameCustomEnvironments = __webpack_require__(3592);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/environmentListSharedEnvVariable.js + 1 modules
var environmentListSharedEnvVariable = __webpack_require__(6715);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/environmentUpdateSharedEnvVariable.js + 1 modules
var environmentUpdateSharedEnvVariable = __webpack_require__(3896);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/projectsCreateProjectEnv.js + 1 modules
var projectsCreateProjectEnv = __webpack_require__(401);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/projectsEditProjectEnv.js + 1 modules
var projectsEditProjectEnv = __webpack_require__(6119);
// EXTERNAL MODULE: ./node_modules/@vercel/sdk/esm/funcs/projectsFilterProjectEnvs.js + 1 modules
var projectsFilterProjectEnvs = __webpack_require__(2744);
;// CONCATENATED MODULE: ./src/vercel/calls/env.ts
/** Env records and shared variables: read, write, and the custom environments a record can cover. */









async function listProjectEnvs(c, project) {
    // Vercel answers every record of a project in one response; should it ever send a cursor, the rest is read too
    // (or, if the cursor does not move, the read fails) rather than planning on part of the list.
    const envs = await allPages('List env records', `project ${project}`, async (until) => {
        const body = await c.call('List env records', `project ${project}`, (o) => (0,projectsFilterProjectEnvs/* projectsFilterProjectEnvs */.A)(c.client, { idOrName: project, ...c.scope }, until === undefined ? o : withQuery(o, { until })));
        if (!('envs' in body))
            return { items: [body] };
        return { items: body.envs, next: 'pagination' in body ? body.pagination?.next : undefined };
    });
    return envs.map(toEnvRecord);
}
async function updateProjectEnv(c, projectId, record, value, comment) {
    // The value and the comment, never `key`: sending it makes Vercel refuse the update of a sensitive record.
    const requestBody = { value, ...(comment !== undefined ? { comment } : {}) };
    const body = await c.call('Update env record', `project ${projectId}`, (o) => (0,projectsEditProjectEnv/* projectsEditProjectEnv */.N)(c.client, { idOrName: projectId, id: record.id, ...c.scope, requestBody }, o));
    return toEnvRecord(body);
}
async function createProjectEnv(c, projectId, record) {
    const body = await c.call('Create env record', `project ${projectId}`, (o) => (0,projectsCreateProjectEnv/* projectsCreateProjectEnv */.p)(c.client, {
        idOrName: projectId,
        ...c.scope,
        requestBody: {
            key: record.key,
            value: record.value,
            type: record.type,
            ...(record.target.length ? { target: record.target } : {}),
            ...(record.customEnvironmentIds.length ? { customEnvironmentIds: record.customEnvironmentIds } : {}),
            ...(record.comment !== undefined ? { comment: record.comment } : {}),
        },
    }, o));
    const failed = (body.failed ?? []);
    if (failed.length > 0) {
        const e = failed[0].error ?? {};
        throw new errors/* VercelApiError */.A9(`Create env record for project ${projectId} was refused: ${[e.code, e.message].filter(Boolean).join(': ')}. Nothing else was written for this project.`, 'http', 'Create env record', 201, e.code);
    }
    const created = body.created === undefined ? [] : Array.isArray(body.created) ? body.created : [body.created];
    return created.map(toEnvRecord);
}
async function customEnvironments(c, project) {
    const body = await c.call('List custom environments', `project ${project}`, (o) => (0,environmentGetProjectsByIdOrNameCustomEnvironments/* environmentGetProjectsByIdOrNameCustomEnvironments */.f)(c.client, { idOrName: project, ...c.scope }, o));
    return (body.environments ?? []).map(toCustomEnvironment);
}
/**
 * The team's shared variables, `search` narrowing them when given. Vercel pages this listing (about 25 a page) by an
 * `until` cursor: a record on a later page is read too, and a record seen on two pages counts once.
 */
async function sharedVariables(c, what, search) {
    const data = await allPages('List shared variables', what, async (until) => {
        const body = await c.call('List shared variables', what, (o) => (0,environmentListSharedEnvVariable/* environmentListSharedEnvVariable */.G)(c.client, { ...(search !== undefined ? { search } : {}), ...c.scope }, until === undefined ? o : withQuery(o, { until })));
        return { items: body.data ?? [], next: body.pagination?.next };
    });
    return [...new Map(data.map(toSharedVariable).map((v) => [v.id, v])).values()];
}
async function findSharedVariables(c, key) {
    // `search` matches substrings: keep the exact key only.
    return (await sharedVariables(c, `key ${key}`, key)).filter((v) => v.key === key);
}
function listSharedVariables(c) {
    return sharedVariables(c, `team ${c.teamName()}`);
}
async function updateSharedVariables(c, list) {
    const updates = Object.fromEntries(list.map(({ id, value, comment }) => [id, { value, ...(comment !== undefined ? { comment } : {}) }]));
    const body = await c.call('Update shared variable', `team ${c.teamName()}`, (o) => (0,environmentUpdateSharedEnvVariable/* environmentUpdateSharedEnvVariable */.R)(c.client, { ...c.scope, requestBody: { updates } }, o));
    const failed = (body.failed ?? []);
    if (failed.length > 0) {
        const list = failed.map((f) => [f.error?.envVarId, f.error?.code, f.error?.message].filter(Boolean).join(': ')).join('; ');
        const err = new errors/* VercelApiError */.A9(`Update shared variable was refused for ${failed.length} record(s): ${list}. Fix it in Vercel and re-run.`, 'http', 'Update shared variable', 200, failed[0].error?.code);
        // The updates Vercel accepted in the same request are written: the caller reports them key by key.
        throw Object.assign(err, { writtenIds: (body.updated ?? []).map((v) => toSharedVariable(v).id) });
    }
    return body.updated.map(toSharedVariable);
}

;// CONCATENATED MODULE: ./src/vercel/calls/projects.ts
/** Projects: one read, the team's listing page by page, stores and their connections, and rolling releases. */


async function getProject(c, project) {
    // Loaded when first needed: its response schema is large, and a run that stops at its inputs never pays for it.
    const { projectsGetProject } = await __webpack_require__.e(/* import() */ 827).then(__webpack_require__.bind(__webpack_require__, 4827));
    const body = await c.call('Read project', `project ${project}`, (o) => projectsGetProject(c.client, { idOrName: project, ...c.scope }, o));
    const read = toProject(body);
    if (read.protectionBypass)
        c.onSecret(read.protectionBypass);
    return read;
}
async function* projectPages(c) {
    // Loaded when first needed: the listing's response schema is as large as the project's.
    const { projectsGetProjects } = await __webpack_require__.e(/* import() */ 133).then(__webpack_require__.bind(__webpack_require__, 7133));
    let from;
    for (;;) {
        const parsed = await c.call('List projects', `team ${c.teamName()}`, (o) => projectsGetProjects(c.client, { limit: String(PAGE), ...(from !== undefined ? { from } : {}), ...c.scope }, o));
        const raw = c.listingPages.get(from ?? '');
        c.listingPages.delete(from ?? '');
        const body = raw && typeof raw === 'object' ? raw : parsed;
        const page = ((Array.isArray(body) ? body : body.projects) ?? []);
        const listed = page.map(toListedProject);
        for (const p of listed)
            if (p.project?.protectionBypass)
                c.onSecret(p.project.protectionBypass);
        yield listed;
        const next = Array.isArray(body) ? null : body.pagination?.next;
        if (next === null || next === undefined || next === '' || page.length === 0)
            return;
        from = String(next);
    }
}
async function getStore(c, idOrName) {
    const { storageGetStorageStoresById } = await __webpack_require__.e(/* import() */ 247).then(__webpack_require__.bind(__webpack_require__, 6247));
    const body = await c.call('Read store', `store ${idOrName}`, (o) => storageGetStorageStoresById(c.client, { id: idOrName }, o));
    return { ref: idOrName, connections: (body.store?.projectsMetadata ?? []).map(toStoreConnection) };
}
async function rollingRelease(c, projectId) {
    const { rollingReleaseGetRollingRelease } = await __webpack_require__.e(/* import() */ 170).then(__webpack_require__.bind(__webpack_require__, 3170));
    const body = await c.call('Read rolling release', `project ${projectId}`, (o) => rollingReleaseGetRollingRelease(c.client, { idOrName: projectId, ...c.scope }, o));
    return toRollingRelease(body);
}
async function completeRollingRelease(c, projectId, canaryDeploymentId) {
    const { rollingReleaseCompleteRollingRelease } = await __webpack_require__.e(/* import() */ 512).then(__webpack_require__.bind(__webpack_require__, 7512));
    await c.call('Complete rolling release', `project ${projectId}`, (o) => rollingReleaseCompleteRollingRelease(c.client, { idOrName: projectId, ...c.scope, requestBody: { canaryDeploymentId } }, o));
}

;// CONCATENATED MODULE: ./src/vercel/probe.ts
async function probe(c, url, auth) {
    try {
        const signal = c.signal ? AbortSignal.any([c.signal, AbortSignal.timeout(c.timeoutMs)]) : AbortSignal.timeout(c.timeoutMs);
        const res = await fetch(url, {
            // Trusted Sources take the job's OIDC token in this header; a bypass secret goes in its own.
            headers: !auth ? {} : 'bypass' in auth ? { 'x-vercel-protection-bypass': auth.bypass } : { 'x-vercel-trusted-oidc-idp-token': auth.oidcToken },
            redirect: 'manual',
            signal,
        });
        await res.body?.cancel();
        return { status: res.status };
    }
    catch (err) {
        // Only the error's kind: a message could quote the URL with a secret in its query.
        return { error: err.name === 'TimeoutError' ? 'timed out' : 'no connection' };
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/vercel/value-tag.ts
/**
 * A tag of the values one write put into Vercel, keyed with the Vercel token. Sensitive values cannot be read
 * back, so a re-run compares this tag, kept in its redeploys' meta, to tell whether Vercel already holds exactly
 * the values it was given. Without the token nobody can compute a tag, so nobody can test guesses of a value
 * against one (whoever holds the token can deploy code that reads the value anyway). The message binds each
 * value to its record and key, and the whole to the workflow run, so two records or two runs holding the same
 * value never show equal tags.
 */

const DOMAIN = 'rotate-vercel-secret/v1';
/** 128 bits: 22 base64url characters, shorter than meta values already sent (the run's URL). */
const TAG_BYTES = 16;
/** HMAC-SHA256 over the records in a stable order, each field JSON-encoded so no two inputs share a message. */
function valueTag(token, runId, values) {
    const at = (v) => JSON.stringify([v.recordId, v.key]);
    const records = [...values].sort((a, b) => (at(a) < at(b) ? -1 : at(a) > at(b) ? 1 : 0)).map((v) => [v.recordId, v.key, v.value]);
    const message = `${DOMAIN}\0${JSON.stringify([runId, records])}`;
    return (0,external_node_crypto_.createHmac)('sha256', token).update(message, 'utf8').digest().subarray(0, TAG_BYTES).toString('base64url');
}

;// CONCATENATED MODULE: ./src/vercel/sdk.ts
/**
 * The Vercel port over @vercel/sdk: VercelPort's methods, each a call of its concern's module (calls/env.ts,
 * calls/projects.ts, calls/deployments.ts, probe.ts) on one shared client (client.ts). Only the standalone
 * functions are imported, never the `Vercel` class (it costs ~1.5 s and ~550 MB a run).
 */






class SdkVercel {
    #c;
    /** The token stays in this closure: the core gets tags, never the key. */
    #tag;
    constructor(o) {
        this.#c = new SdkClient(o);
        this.#tag = (runId, values) => valueTag(o.token, runId, values);
    }
    listProjectEnvs = (project) => listProjectEnvs(this.#c, project);
    updateProjectEnv = (projectId, record, value, comment) => updateProjectEnv(this.#c, projectId, record, value, comment);
    createProjectEnv = (projectId, record) => createProjectEnv(this.#c, projectId, record);
    customEnvironments = (project) => customEnvironments(this.#c, project);
    findSharedVariables = (key) => findSharedVariables(this.#c, key);
    listSharedVariables = () => listSharedVariables(this.#c);
    updateSharedVariables = (list) => updateSharedVariables(this.#c, list);
    getProject = (project) => getProject(this.#c, project);
    projectPages = () => projectPages(this.#c);
    getStore = (idOrName) => getStore(this.#c, idOrName);
    rollingRelease = (projectId) => rollingRelease(this.#c, projectId);
    completeRollingRelease = (projectId, canaryDeploymentId) => completeRollingRelease(this.#c, projectId, canaryDeploymentId);
    redeploy = (source, meta, options) => redeploy(this.#c, source, meta, options);
    listDeployments = (q) => listDeployments(this.#c, q);
    promote = (projectId, deploymentId) => promote(this.#c, projectId, deploymentId);
    rollback = (projectId, deploymentId) => rollback(this.#c, projectId, deploymentId);
    deploymentAt = (host) => deploymentAt(this.#c, host);
    probe = (url, auth) => probe(this.#c, url, auth);
    valueTag = (runId, values) => this.#tag(runId, values);
}


/***/ })

};

//# sourceMappingURL=751.index.js.map