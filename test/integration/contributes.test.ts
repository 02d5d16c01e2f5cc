import * as vscode from 'vscode';
import assert from 'node:assert/strict';
import { Commands, ContextKeys, Views } from '../../src/extension/ids';
import { EXTENSION_ID, activateApi } from './helpers';

suite('Contributes match the ids the code uses', () => {
  suiteSetup(() => activateApi());

  test('every contributed command is registered, and every command id is contributed', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { commands: { command: string; title: string; category?: string }[] } };
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of contributed) assert.ok(registered.has(id), `${id} is registered`);
    const own = Object.values(Commands).filter((id) => id.startsWith('seif.')).sort();
    for (const id of own) assert.ok(contributed.includes(id), `${id} (ids.ts) is contributed in package.json`);
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'SEIF', `${c.command} is under "SEIF:" in the palette`);
  });

  test('activation is on events, never "*"; the view and keys use the ids from ids.ts', () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as Record<string, any>;
    assert.ok(!(pkg.activationEvents as string[]).includes('*'));
    assert.ok((pkg.activationEvents as string[]).some((e) => e.startsWith('workspaceContains:')));
    assert.equal(pkg.contributes.views[Views.container][0].id, Views.rounds);
    const keys = pkg.contributes.keybindings as { command: string; when: string }[];
    for (const cmd of [Commands.accept, Commands.reject, Commands.nextPending, Commands.previous, Commands.undo]) {
      assert.ok(keys.some((k) => k.command === cmd && k.when.includes(ContextKeys.instructionFocused)), `${cmd} has a key gated on ${ContextKeys.instructionFocused}`);
    }
    const inline = (pkg.contributes.menus['view/item/context'] as { command: string; when: string; group: string }[]).filter((m) => m.group.startsWith('inline'));
    assert.ok(inline.some((m) => m.command === Commands.accept && /viewItem =~ \/\^instruction:/.test(m.when)));
  });
});
