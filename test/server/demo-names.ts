/**
 * Well-known names in the demo data set (`--demo`). Other tests may rely on every value here;
 * changing one is a breaking change for them. See README.md "Demo data".
 */

/** The signed-in user (viewer) and its personal entity. */
export const DEMO_USER = 'demo-user';
export const DEMO_USER_FULL_NAME = 'Demo User';
/** A team entity the viewer belongs to. */
export const DEMO_TEAM = 'demo-team';
/** Other users who own runs (members of DEMO_TEAM). */
export const DEMO_OTHER_USERS = ['alice-ml', 'bob-research'] as const;

/** Projects of DEMO_USER, newest activity first is not guaranteed; names are stable. */
export const DEMO_PROJECT = 'mnist-classifier';
export const DEMO_PROJECTS = ['mnist-classifier', 'cifar10-resnet', 'llm-finetune', 'real-runs', 'empty-project', 'model-registry'] as const;
/** Projects of DEMO_TEAM. */
export const DEMO_TEAM_PROJECTS = ['team-vision', 'rl-agents'] as const;
/** Project holding runs rebuilt from test/fixtures/real-runs. */
export const DEMO_REAL_PROJECT = 'real-runs';
/** A project with no runs and no artifacts. */
export const DEMO_EMPTY_PROJECT = 'empty-project';

/** Number of runs in DEMO_PROJECT (every state appears). */
export const DEMO_PROJECT_RUN_COUNT = 1202;
export const DEMO_RUN_STATES = ['running', 'finished', 'crashed', 'failed', 'killed', 'pending', 'preempted'] as const;

/** The known finished run in DEMO_PROJECT. */
export const DEMO_RUN_ID = 'a1b2c3d4';
export const DEMO_RUN_DISPLAY_NAME = 'baseline-adam-lr0.001';
/** config.optimizer.lr of DEMO_RUN_ID (config key `optimizer`, value `{name, lr, betas, weight_decay}`). */
export const DEMO_RUN_LR = 0.001;
export const DEMO_RUN_OPTIMIZER = 'adam';
export const DEMO_RUN_EPOCHS = 20;
export const DEMO_RUN_TAGS = ['baseline', 'production-candidate'] as const;
export const DEMO_RUN_GROUP = 'baseline';
export const DEMO_RUN_JOB_TYPE = 'train';
/** History rows (steps 0..N-1) of DEMO_RUN_ID. */
export const DEMO_RUN_HISTORY_STEPS = 100_000;
/** summaryMetrics `val/acc` of DEMO_RUN_ID. */
export const DEMO_RUN_VAL_ACC = 0.9871;
/** summaryMetrics key of DEMO_RUN_ID whose value is a bare NaN. */
export const DEMO_RUN_NAN_KEY = 'grad_norm';
/** Numeric history keys of every generated run. */
export const DEMO_HISTORY_KEYS = ['train/loss', 'train/acc', 'val/loss', 'val/acc', 'lr', 'epoch'] as const;
/** System metric keys in `events` / systemMetrics. */
export const DEMO_SYSTEM_KEYS = [
  'system.cpu',
  'system.memory',
  'system.disk',
  'system.gpu.0.gpu',
  'system.gpu.0.memory',
  'system.gpu.0.temp',
  'system.network.sent',
  'system.network.recv',
  'system.proc.cpu.threads',
] as const;
/** Files every generated run has. */
export const DEMO_RUN_FILES = ['config.yaml', 'output.log', 'requirements.txt', 'wandb-metadata.json', 'wandb-summary.json'] as const;
/** Image files of DEMO_RUN_ID (PNG). */
export const DEMO_RUN_IMAGES = ['media/images/examples_99999_3f2a.png', 'media/images/confusion_matrix_99999_8b1c.png'] as const;

/** Summary key of the table (`table-file`) of DEMO_RUN_ID and every run with media; its file's columns and rows. */
export const DEMO_RUN_TABLE_KEY = 'predictions';
export const DEMO_RUN_TABLE_COLUMNS = ['id', 'label', 'prediction', 'caption'] as const;
export const DEMO_RUN_TABLE_ROWS = 10;

/** A running run whose history grows with wall-clock time. */
export const DEMO_LIVE_RUN_ID = 'live0001';
/** Rows it has at server start, and rows added per second after that. */
export const DEMO_LIVE_RUN_INITIAL_ROWS = 600;
export const DEMO_LIVE_RUN_ROWS_PER_SECOND = 2;
/**
 * Running runs stream console lines (`Run.logLines`) and have no `output.log` until they finish:
 * a header, then one line every this many history rows (the live run: one every 2 s).
 */
export const DEMO_LOG_LINE_EVERY_ROWS = 4;
/** The streamed header's lines; the third holds markup, which the Logs tab must show as text. */
export const DEMO_LOG_HEADER_LINES = 4;
export const DEMO_LOG_MARKUP_LINE = 'Model: <b>vit-tiny</b> <img src=x onerror=alert(1)>';

/** Runs with hostile text (HTML/script in names, tags, config, notes) and unicode. */
export const DEMO_XSS_RUN_ID = 'xss00001';
export const DEMO_XSS_TEXT = '<img src=x onerror=alert(1)>';
export const DEMO_XSS_SCRIPT = '<script>alert(1)</script>';
export const DEMO_UNICODE_RUN_ID = 'unicode1';
export const DEMO_UNICODE_TEXT = 'Ünïcødé ✓ 日本語 🚀 العربية';

/** Runs in the other states, one known id each (all in DEMO_PROJECT). */
export const DEMO_CRASHED_RUN_ID = 'crash001';
export const DEMO_FAILED_RUN_ID = 'fail0001';
export const DEMO_KILLED_RUN_ID = 'kill0001';
export const DEMO_PENDING_RUN_ID = 'pend0001';
export const DEMO_PREEMPTED_RUN_ID = 'preempt1';

/** Artifacts in DEMO_PROJECT. */
export const DEMO_DATASET_TYPE = 'dataset';
export const DEMO_MODEL_TYPE = 'model';
/** Dataset collection: 3 versions; v1 has alias `stable`, v2 is `latest`. */
export const DEMO_DATASET_COLLECTION = 'mnist-raw';
/** Model collection: 5 versions; v2 `production`, v3 `best`, v4 `latest`. Logged by DEMO_RUN_ID (v3). */
export const DEMO_MODEL_COLLECTION = 'mnist-cnn';
export const DEMO_MODEL_VERSIONS = 5;
/** Dataset with DEMO_MANY_FILES_COUNT small PNG files `images/00000.png`..., one version. */
export const DEMO_MANY_FILES_COLLECTION = 'mnist-images';
export const DEMO_MANY_FILES_COUNT = 2000;
/** Dataset with a 1 GiB generated file plus a README and an s3:// reference entry. */
export const DEMO_BIG_COLLECTION = 'big-dataset';
export const DEMO_BIG_FILE = 'data.bin';
export const DEMO_BIG_FILE_SIZE = 1024 * 1024 * 1024;
export const DEMO_REFERENCE_URI = 's3://demo-public-datasets/mnist/raw/mnist.tar.gz';
/**
 * Dataset whose one version holds its own DEMO_REF_OWN_FILE and, at DEMO_REF_FILE, a
 * `wandb-artifact://` reference to DEMO_REF_TARGET_FILE of DEMO_DATASET_COLLECTION:v2 (as the
 * SDK writes a reference into another artifact: size 0, the target's digest).
 */
export const DEMO_REF_COLLECTION = 'mnist-eval-table';
export const DEMO_REF_OWN_FILE = 'eval.table.json';
export const DEMO_REF_FILE = 'data/test.csv';
export const DEMO_REF_TARGET_FILE = 'test.csv';
/**
 * A PENDING version of DEMO_MODEL_COLLECTION (`v{DEMO_MODEL_VERSIONS}`: logged, never committed)
 * in DEMO_LIVE_RUN_ID's logged artifacts. The collection's listing leaves it out, as the SDK does.
 */
export const DEMO_PENDING_VERSION = `v${DEMO_MODEL_VERSIONS}`;

/**
 * The legacy model registry of the demo user: a project whose `model` type holds a portfolio
 * (linked versions) named like the collection it links from, as registered models often are.
 * Its v0 links DEMO_MODEL_COLLECTION:v1 with alias DEMO_PORTFOLIO_ALIAS (an alias of the
 * portfolio only), its v1 links `cifar10-resnet/resnet18:v1`: two members whose own
 * `versionIndex` is the same (1).
 */
export const DEMO_REGISTRY_PROJECT = 'model-registry';
export const DEMO_PORTFOLIO = 'mnist-cnn';
export const DEMO_PORTFOLIO_ALIAS = 'staging';

/**
 * The organization of DEMO_USER and DEMO_TEAM, and its own entity, which holds its W&B Registry:
 * the project `wandb-registry-DEMO_REGISTRY` with the portfolio DEMO_REGISTRY_COLLECTION linking
 * `cifar10-resnet/resnet18:v0` under DEMO_REGISTRY_ALIAS (a version no other test aliases). Named
 * in the SDK's registry form as
 * `DEMO_ORG/wandb-registry-DEMO_REGISTRY/DEMO_REGISTRY_COLLECTION:DEMO_REGISTRY_ALIAS`.
 */
export const DEMO_ORG = 'demo-org';
export const DEMO_ORG_ENTITY = 'demo-org-entity';
export const DEMO_REGISTRY = 'model';
export const DEMO_REGISTRY_COLLECTION = 'image-classifier';
export const DEMO_REGISTRY_ALIAS = 'champion';

/** A sweep in DEMO_PROJECT with DEMO_SWEEP_RUN_COUNT runs. */
export const DEMO_SWEEP_ID = 'k7h2m9qz';
export const DEMO_SWEEP_RUN_COUNT = 30;
/**
 * The goals the demo's training runs define (`run.define_metric(name, goal=...)`), kept in each
 * generated run's config `_wandb.m`. Other metrics (`train/acc`, `lr`, `epoch`) have none.
 */
export const DEMO_METRIC_GOALS: ReadonlyArray<readonly [string, 'minimize' | 'maximize']> = [
  ['train/loss', 'minimize'],
  ['val/loss', 'minimize'],
  ['val/acc', 'maximize'],
];
/** A report (View of type `runs`) in DEMO_PROJECT. */
export const DEMO_REPORT_NAME = 'r3p0rt01';
export const DEMO_REPORT_TITLE = 'MNIST: baseline vs. sweep';

/**
 * A public project of an entity the viewer does not belong to: readable, never writable. Every
 * write there (run edits, uploads, stopRun, alias and artifact changes) is refused with HTTP 403
 * "permission denied", and `readOnly` is true on the project and its runs.
 */
export const DEMO_READONLY_ENTITY = 'open-benchmarks';
export const DEMO_READONLY_PROJECT = 'public-leaderboard';
export const DEMO_READONLY_RUN_ID = 'pub00001';
export const DEMO_READONLY_RUN_DISPLAY_NAME = 'leaderboard-baseline';
/** A running run there (Stop must be refused). */
export const DEMO_READONLY_RUNNING_RUN_ID = 'pub00006';
/** A dataset collection there with one version aliased `stable`. */
export const DEMO_READONLY_COLLECTION = 'leaderboard-eval';
export const DEMO_READONLY_RUN_COUNT = 12;

/**
 * A finished run in DEMO_PROJECT whose wandb-metadata.json names a git repository the demo and
 * e2e workspaces hold (test/server/demo-repo.ts builds it): remote, the commit it ran (pinned
 * author and dates make the hash the same everywhere), a diff.patch and code/train.py.
 */
export const DEMO_CODE_RUN_ID = 'code0001';
export const DEMO_CODE_RUN_DISPLAY_NAME = 'mlp-from-digits-trainer';
export const DEMO_CODE_REMOTE = 'https://github.com/demo-user/digits-trainer.git';
/** Folder of the workspace the repository is made in. */
export const DEMO_CODE_REPO_DIR = 'digits-trainer';
export const DEMO_CODE_COMMIT = '4741b8f07900cda87c5e5de3f50b6af633619963';

/** A finished run in DEMO_PROJECT that logged media over its steps (test/server/demo-media.ts). */
export const DEMO_MEDIA_RUN_ID = 'media001';
export const DEMO_MEDIA_RUN_DISPLAY_NAME = 'predictions-over-time';
export const DEMO_MEDIA_STEPS = 300;
/** Media is logged at every DEMO_MEDIA_EVERY-th step (0, 10, … 290); the sound every DEMO_MEDIA_AUDIO_EVERY-th. */
export const DEMO_MEDIA_EVERY = 10;
export const DEMO_MEDIA_AUDIO_EVERY = 100;
/** Key of the image with boxes (classes `digit`, `smudge`) and a mask (`ink`, `paper-edge`). */
export const DEMO_MEDIA_IMAGE_KEY = 'examples';
/** The other media keys: an image list, a histogram, a sound. */
export const DEMO_MEDIA_LIST_KEY = 'samples';
export const DEMO_MEDIA_HISTOGRAM_KEY = 'weights';
export const DEMO_MEDIA_AUDIO_KEY = 'audio';
/**
 * A second media run in DEMO_PROJECT with the same keys, logged at other steps (0, 25, … 175),
 * to compare with DEMO_MEDIA_RUN_ID: at step 30 it shows its step-25 value.
 */
export const DEMO_MEDIA2_RUN_ID = 'media002';
export const DEMO_MEDIA2_RUN_DISPLAY_NAME = 'predictions-coarse';
export const DEMO_MEDIA2_STEPS = 200;
export const DEMO_MEDIA2_EVERY = 25;
