// The questions the remote feature asks (quick picks, input boxes) go through here, so a script or a test can
// answer them (`answerWith`) where a person would click: the round to start, the host, the plan editor's picks,
// a key's passphrase. Everything else (the answer's effect) runs unchanged.
import * as vscode from 'vscode';

export type PickItem = string | vscode.QuickPickItem;

export interface PromptAnswers {
  quickPick?(items: readonly PickItem[], options: vscode.QuickPickOptions): Thenable<PickItem | undefined> | PickItem | undefined;
  inputBox?(options: vscode.InputBoxOptions): Thenable<string | undefined> | string | undefined;
}

export class RemotePrompts {
  private answers: PromptAnswers | undefined;

  async pick<T extends PickItem>(items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined> {
    const answer = this.answers?.quickPick;
    if (answer) return (await answer(items, options)) as T | undefined;
    return (await vscode.window.showQuickPick(items as readonly vscode.QuickPickItem[], options)) as T | undefined;
  }

  async input(options: vscode.InputBoxOptions): Promise<string | undefined> {
    const answer = this.answers?.inputBox;
    return answer ? answer(options) : vscode.window.showInputBox(options);
  }

  /** Answers the questions from `answers` until the returned disposable is disposed (then the dialogs are back). */
  answerWith(answers: PromptAnswers): vscode.Disposable {
    this.answers = answers;
    return new vscode.Disposable(() => {
      if (this.answers === answers) this.answers = undefined;
    });
  }
}
