import shell from '../../../locales/en.json';

// The shell's messages in en (sign-in, navigation, account): all a public page needs.
export default shell;
