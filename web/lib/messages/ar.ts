import shell from '../../../locales/ar.json';

// The shell's messages in ar (sign-in, navigation, account): all a public page needs.
export default shell;
