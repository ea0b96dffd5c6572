// No menu bar on Windows and Linux (nothing in it would be useful). macOS keeps the bare minimum, because
// there copy and paste in text fields only work through the Edit menu's roles.
import { Menu } from 'electron';

export function installAppMenu(platform: NodeJS.Platform = process.platform): void {
  Menu.setApplicationMenu(
    platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]) : null,
  );
}
