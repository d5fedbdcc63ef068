import path from 'node:path';

/**
 * `signdesk/core-layers`: import direction inside main/core. Each feature folder (and each file directly in
 * main/core, such as services.ts) sits in one layer; a module imports from its own feature and from layers
 * below its own, never from a peer of its layer nor from above. A folder in no layer is reported too, so a new
 * feature is placed on purpose. Type-only imports count: a type belongs as low as its users.
 */
export const coreLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layer order of main/core features (see CONTRIBUTING.md, "Layers").' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      upward: '{{from}} (layer {{fromLayer}}: {{fromPeers}}) may not import {{to}} (layer {{toLayer}}: {{toPeers}}): a feature imports only from layers below its own. Move the shared piece down (see CONTRIBUTING.md, "Layers").',
      outside: 'main/core is plain Node used by the app, the CLI and the bridge: it never imports {{to}}.',
      unplaced: 'main/core/{{feature}} is in no layer: add it to the core layers in eslint.config.js (see CONTRIBUTING.md, "Layers").',
    },
  },
  create(context) {
    const [{ root, layers }] = context.options;
    const coreDir = path.resolve(context.cwd, root);
    const repoDir = path.resolve(context.cwd);
    // Outside the core, only the contract (pure TS) may be imported; never main/cli, main/bridge, main/shell, renderer.
    const forbiddenOutside = ['main', 'renderer'].map((dir) => path.join(repoDir, dir));
    const layerOf = new Map(layers.flatMap((names, index) => names.map((name) => [name, index])));
    const featureOf = (file) => {
      const relative = path.relative(coreDir, file);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      const [first] = relative.split(path.sep);
      // A file directly in main/core (services.ts) is its own feature; `../services` names it without extension.
      return first.replace(/\.(ts|tsx|js|mjs|cjs|json)$/, '');
    };
    const self = featureOf(path.resolve(context.cwd, context.filename));
    if (self === undefined) return {};
    const selfLayer = layerOf.get(self);
    const describe = (index) => layers[index].join(', ');

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const resolved = path.resolve(path.dirname(path.resolve(context.cwd, context.filename)), specifier);
      const target = featureOf(resolved);
      if (target === undefined) {
        const outside = forbiddenOutside.some((dir) => resolved === dir || resolved.startsWith(dir + path.sep));
        if (outside) context.report({ node, messageId: 'outside', data: { to: path.relative(repoDir, resolved).split(path.sep).join('/') } });
        return;
      }
      if (target === self) return;
      if (selfLayer === undefined) return context.report({ node, messageId: 'unplaced', data: { feature: self } });
      const targetLayer = layerOf.get(target);
      if (targetLayer === undefined) return context.report({ node, messageId: 'unplaced', data: { feature: target } });
      if (targetLayer < selfLayer) return;
      context.report({
        node,
        messageId: 'upward',
        data: { from: `main/core/${self}`, fromLayer: String(selfLayer + 1), fromPeers: describe(selfLayer), to: `main/core/${target}`, toLayer: String(targetLayer + 1), toPeers: describe(targetLayer) },
      });
    }

    const fromSource = (node) => node.source && check(node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType(node) {
        // typescript-eslint 8 has `source`; older ones a literal type in `argument`.
        const literal = node.source ?? node.argument?.literal;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

export default { rules: { 'core-layers': coreLayers } };
