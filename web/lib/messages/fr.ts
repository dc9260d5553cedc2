import shell from '../../../locales/fr.json';

// The shell's messages in fr (sign-in, navigation, account): all a public page needs.
export default shell;
